using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Cms.Api.Infrastructure;

public static partial class JsonSetup
{
    public static IServiceCollection AddCmsJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // A number sent as a string is a client bug worth a 400, and the schema stays plain integer.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        // Indonesian, typographic quotes and bodyHtml stay readable; bodies are never embedded in HTML.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    /// <summary>
    /// Reads any ISO 8601 offset ("+07:00" for WIB) and keeps the instant; writes UTC with "Z".
    /// A time without an offset is refused: it names no instant.
    /// </summary>
    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is null || !HasOffset().IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw new JsonException("Expected an ISO 8601 timestamp with an offset, such as 2024-06-19T12:04:00+07:00.");
            }
            // PostgreSQL keeps microseconds; dropping the rest here makes both providers store the same.
            var utc = value.ToUniversalTime();
            return utc.AddTicks(-(utc.Ticks % 10));
        }

        // The writer's own UTC form is this one (fraction trimmed of its zeros, "Z"), written without formatting a
        // pattern: every list item carries several timestamps.
        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime);
    }

    /// <summary>For a time given in a zone on purpose (an article's time in the newsroom's zone): written with its offset.</summary>
    public sealed class KeepOffset : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
