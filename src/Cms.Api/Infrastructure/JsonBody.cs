using System.Reflection;
using System.Text.Json.Nodes;

namespace Cms.Api.Infrastructure;

/// <summary>A request body of <c>application/json</c>, read and shape-checked by <see cref="RequestBody"/>.</summary>
public sealed class JsonBody<T> : IJsonBody where T : class
{
    public required T Value { get; init; }

    /// <summary>The body as sent, to tell an absent property from an explicit null.</summary>
    public required JsonObject Raw { get; init; }

    object IJsonBody.Value => Value;

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var raw = await RequestBody.ReadObjectAsync(context, "application/json");
        var copy = (JsonObject)raw.DeepClone();
        return new JsonBody<T> { Value = RequestBody.Deserialize<T>(context, copy), Raw = raw };
    }
}

public interface IJsonBody
{
    object Value { get; }
}
