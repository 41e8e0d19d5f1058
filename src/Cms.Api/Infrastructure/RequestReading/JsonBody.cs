using System.Reflection;
using System.Text.Json.Nodes;

namespace Cms.Api.Infrastructure;

/// <summary>A request body of <c>application/json</c>, read and shape-checked by <see cref="RequestBody"/>.</summary>
public sealed class JsonBody<T> : IJsonBody where T : class
{
    public required T Value { get; init; }

    /// <summary>Violations found while reading (an unknown enum value), reported with the validator's.</summary>
    public required IReadOnlyDictionary<string, string[]> RuleErrors { get; init; }

    /// <summary>The body as sent, to tell an absent property from an explicit null.</summary>
    public required JsonObject Raw { get; init; }

    object IJsonBody.Value => Value;

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var raw = await RequestBody.ReadObjectAsync(context, "application/json");
        var copy = (JsonObject)raw.DeepClone();
        var parsed = RequestBody.Deserialize<T>(context, copy);
        return new JsonBody<T> { Value = parsed.Value, RuleErrors = parsed.RuleErrors, Raw = raw };
    }
}

public interface IJsonBody
{
    object Value { get; }

    IReadOnlyDictionary<string, string[]> RuleErrors { get; }
}
