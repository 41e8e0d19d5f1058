using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Checks a request's JSON against the request type before it is deserialized: unknown properties
/// are errors (a typo is never silently dropped), read-only ones are removed, aliases renamed.
/// A string that is not one of an enum's values is readable but breaks a rule: it goes to
/// <see cref="ShapeErrors.Rules"/> (422), not to <see cref="ShapeErrors.Unreadable"/> (400).
/// </summary>
public static class JsonShape
{
    public sealed record ShapeErrors
    {
        public Dictionary<string, string[]> Unreadable { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string[]> Rules { get; } = new(StringComparer.Ordinal);
    }

    public static void Normalize(JsonNode? node, Type type, JsonSerializerOptions options, string path,
        ShapeErrors errors)
    {
        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject obj:
                NormalizeObject(obj, info, options, path, errors);
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray array && info.ElementType is { } element:
                for (var i = 0; i < array.Count; i++)
                {
                    Normalize(array[i], element, options, $"{path}[{i}]", errors);
                }
                break;
        }
    }

    private static void NormalizeObject(JsonObject obj, JsonTypeInfo info, JsonSerializerOptions options,
        string path, ShapeErrors errors)
    {
        var type = info.Type;
        foreach (var alias in type.GetCustomAttributes<InputAliasAttribute>())
        {
            if (obj.ContainsKey(alias.Alias) && !obj.ContainsKey(alias.Target))
            {
                var value = obj[alias.Alias];
                obj.Remove(alias.Alias);
                obj[alias.Target] = value;
            }
            else
            {
                obj.Remove(alias.Alias);
            }
        }

        var readOnly = type.GetCustomAttribute<ReadOnlyFieldsAttribute>()?.Names ?? new HashSet<string>();
        var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            if (properties.TryGetValue(name, out var property))
            {
                if (!IsAllowedEnumValue(obj[name], property.PropertyType, options, out var allowed))
                {
                    errors.Rules[Join(path, name)] = [$"Must be one of: {string.Join(", ", allowed)}."];
                    obj[name] = null;
                    continue;
                }
                Normalize(obj[name], property.PropertyType, options, Join(path, name), errors);
            }
            else if (readOnly.Contains(name))
            {
                obj.Remove(name);
            }
            else
            {
                errors.Unreadable[Join(path, name)] = ["Unknown property."];
            }
        }
    }

    /// <summary>False for a JSON string that names none of an enum's values (others are left to the reader).</summary>
    private static bool IsAllowedEnumValue(JsonNode? node, Type type, JsonSerializerOptions options, out string[] allowed)
    {
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        allowed = [];
        if (!enumType.IsEnum || node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return true;
        }
        var naming = options.PropertyNamingPolicy ?? JsonNamingPolicy.CamelCase;
        allowed = Enum.GetNames(enumType).Select(naming.ConvertName).ToArray();
        return allowed.Contains(value.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
