using System.Text.Json;

namespace Cms.Api.Infrastructure;

/// <summary>
/// What a well-formed JSON body may still hold that no resource can take: text that is not valid Unicode (escaped lone
/// surrogates, <c>"\ud800"</c>, which JSON allows but no database or client can keep), and a property given twice in one
/// object (which value was meant is a guess). Walked on the parsed document, which keeps every duplicate.
/// </summary>
public static class UnicodeText
{
    public const string Message = "Must be valid Unicode text (UTF-8, no lone surrogates).";
    public const string DuplicateMessage = "The property is given more than once in the same object.";

    /// <summary>The JSON path of every string (or property name) in <paramref name="element"/> that is not valid Unicode.</summary>
    public static void FindInvalid(JsonElement element, string path, Dictionary<string, string[]> invalid) =>
        Walk(element, path, invalid, duplicates: null);

    /// <summary>The JSON path of every property that an object of <paramref name="element"/> has more than once.</summary>
    public static void FindDuplicates(JsonElement element, string path, Dictionary<string, string[]> duplicates) =>
        Walk(element, path, invalid: null, duplicates);

    private static void Walk(JsonElement element, string path, Dictionary<string, string[]>? invalid,
        Dictionary<string, string[]>? duplicates)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (!IsValid(name))
                    {
                        invalid?.TryAdd(path.Length == 0 ? "body" : path, [Message]);
                        continue;
                    }
                    if (!seen.Add(name))
                    {
                        duplicates?.TryAdd(childPath, [DuplicateMessage]);
                    }
                    Walk(property.Value, childPath, invalid, duplicates);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", invalid, duplicates);
                }
                break;
            case JsonValueKind.String when invalid is not null && !IsReadable(element):
                invalid.TryAdd(path.Length == 0 ? "body" : path, [Message]);
                break;
        }
    }

    private static bool IsReadable(JsonElement value)
    {
        try
        {
            return IsValid(value.GetString());
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
