using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cms.Api.Infrastructure;

/// <summary>
/// An RFC 7396 JSON merge patch. It is applied to the resource's current writable state and the
/// result goes through exactly the checks a PUT body does, so PATCH can never write what PUT cannot.
/// </summary>
public sealed class MergePatch<T> where T : class
{
    public const string MediaType = "application/merge-patch+json";

    private readonly JsonObject _patch;
    private readonly HttpContext _context;

    private MergePatch(JsonObject patch, HttpContext context)
    {
        _patch = patch;
        _context = context;
    }

    public static async ValueTask<MergePatch<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var patch = await RequestBody.ReadObjectAsync(context, MediaType, "application/json");
        return new MergePatch<T>(patch, context);
    }

    public Parsed<T> ApplyTo(T current)
    {
        var options = RequestBody.SerializerOptions(_context);
        var target = JsonSerializer.SerializeToNode(current, options) as JsonObject ?? new JsonObject();
        Merge(target, _patch);
        return RequestBody.Deserialize<T>(_context, target);
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject)
            {
                if (target[name] is not JsonObject targetObject)
                {
                    targetObject = new JsonObject();
                    target[name] = targetObject;
                }
                Merge(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
