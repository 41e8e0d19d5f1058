using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Checks a request's JSON against the request type before it is deserialized: unknown properties
/// are errors (a typo is never silently dropped), read-only ones are removed, aliases renamed.
/// </summary>
public static class JsonShape
{
    public static void Normalize(JsonNode? node, Type type, JsonSerializerOptions options, string path,
        IDictionary<string, string[]> errors)
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
        string path, IDictionary<string, string[]> errors)
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
                Normalize(obj[name], property.PropertyType, options, Join(path, name), errors);
            }
            else if (readOnly.Contains(name))
            {
                obj.Remove(name);
            }
            else
            {
                errors[Join(path, name)] = ["Unknown property."];
            }
        }
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
