using System.Globalization;

namespace Cms.Api.Infrastructure;

/// <summary>Query parameters that name an instant: an ISO 8601 date-time, or a date alone (midnight UTC).</summary>
public static class Instants
{
    public static DateTimeOffset? Parse(string? value, string name, IDictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }
        // A '+' offset arrives as a space when the client did not encode it.
        var text = value.Replace(' ', '+');
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }
        if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }
        errors[name] = ["Must be an ISO 8601 date or timestamp, such as 2024-06-19 or 2024-06-19T12:04:00+07:00."];
        return null;
    }
}

/// <summary>A text parameter read as an ISO 8601 instant: a date-time, or a date alone (midnight UTC).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class InstantTextAttribute : Attribute;
