using System.Text.Json.Nodes;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Text that is not valid Unicode is refused, never stored: bytes that are not UTF-8, and escaped lone
/// surrogates (<c>"\ud800"</c>), which JSON allows but no database or client can keep.
/// </summary>
public static class UnicodeText
{
    public const string Message = "Must be valid Unicode text (UTF-8, no lone surrogates).";

    /// <summary>The JSON path of every string (or property name) in <paramref name="node"/> that is not valid Unicode.</summary>
    public static void FindInvalid(JsonNode? node, string path, Dictionary<string, string[]> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (!IsValid(name))
                    {
                        errors[path.Length == 0 ? "body" : path] = [Message];
                        continue;
                    }
                    FindInvalid(child, childPath, errors);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    FindInvalid(array[i], $"{path}[{i}]", errors);
                }
                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                if (!IsReadable(value))
                {
                    errors[path.Length == 0 ? "body" : path] = [Message];
                }
                break;
        }
    }

    private static bool IsReadable(JsonValue value)
    {
        try
        {
            return IsValid(value.GetValue<string>());
        }
        catch (InvalidOperationException)
        {
            return false; // the reader could not decode it
        }
    }

    /// <summary>Whether every surrogate in <paramref name="text"/> is half of a pair.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
