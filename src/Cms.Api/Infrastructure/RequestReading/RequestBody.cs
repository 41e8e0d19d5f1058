using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Reads a JSON request body by the contract's rules: the right content type (415), a size limit
/// (413), well-formed JSON (400), no unknown properties (400) and values of the right type (400).
/// </summary>
public static class RequestBody
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, params string[] mediaTypes)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !mediaTypes.Contains(parsed.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            throw new RequestProblemException(415, ErrorCodes.UnsupportedMediaType,
                $"Send the body as {string.Join(" or ", mediaTypes)}.");
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.MaxRequestBodyBytes;
        var bytes = await ReadLimitedAsync(context, limit);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw Malformed("The body is not valid UTF-8.");
        }
        using var document = Parse(bytes);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("The body must be a JSON object.");
        }
        var problems = new Dictionary<string, string[]>();
        UnicodeText.FindInvalid(document.RootElement, "", problems);
        if (problems.Count > 0)
        {
            throw new RequestProblemException(400, ErrorCodes.InvalidBody, "The body holds text that is not valid Unicode.", problems);
        }
        UnicodeText.FindDuplicates(document.RootElement, "", problems);
        if (problems.Count > 0)
        {
            throw new RequestProblemException(400, ErrorCodes.InvalidBody,
                $"The body gives a property more than once: {string.Join(", ", problems.Keys)}.", problems);
        }
        return JsonObject.Create(document.RootElement.Clone())!;
    }

    /// <summary>
    /// Deserializes after <see cref="JsonShape"/> has checked the property names. Unreadable input
    /// throws (400); values that break a rule come back with the value, for the validator's 422.
    /// </summary>
    public static Parsed<T> Deserialize<T>(HttpContext context, JsonObject body)
    {
        var options = SerializerOptions(context);
        var errors = new JsonShape.ShapeErrors();
        try
        {
            JsonShape.Normalize(body, typeof(T), options, "", errors);
        }
        catch (ArgumentException)
        {
            throw Malformed("The body has a property more than once.");
        }
        if (errors.Unreadable.Count > 0)
        {
            throw new RequestProblemException(400, ErrorCodes.InvalidBody,
                "The body has properties this resource does not have.", errors.Unreadable);
        }

        try
        {
            var value = body.Deserialize<T>(options) ?? throw Malformed("The body must be a JSON object.");
            return new Parsed<T>(value, errors.Rules);
        }
        catch (JsonException e)
        {
            var path = e.Path is null or "$" ? "body" : e.Path.TrimStart('$').TrimStart('.');
            throw new RequestProblemException(400, ErrorCodes.InvalidBody,
                $"The value of '{path}' is not of the expected type.",
                new Dictionary<string, string[]> { [path] = [ValueMessage(e)] });
        }
    }

    public static JsonSerializerOptions SerializerOptions(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value.SerializerOptions;

    private static string ValueMessage(JsonException e) =>
        e.InnerException is null && e.Message.StartsWith("Expected ", StringComparison.Ordinal)
            ? e.Message
            : "The value is not of the expected type or not one of the allowed values.";

    private static async Task<byte[]> ReadLimitedAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            throw Malformed("The request body is empty.");
        }
        return buffer.ToArray();
    }

    private static JsonDocument Parse(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw Malformed($"The body is not valid JSON: {e.Message.Split(" Path:")[0]}");
        }
    }

    private static RequestProblemException TooLarge(int limit) =>
        new(413, ErrorCodes.PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    private static RequestProblemException Malformed(string detail) =>
        new(400, ErrorCodes.MalformedJson, detail,
            new Dictionary<string, string[]> { ["body"] = [detail] });
}

/// <summary>A request body read into its type, with the rule violations found while reading it.</summary>
public sealed record Parsed<T>(T Value, IReadOnlyDictionary<string, string[]> RuleErrors);
