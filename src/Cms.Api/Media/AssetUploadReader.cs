using System.Globalization;
using System.Text.Json.Nodes;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Media;

/// <summary>The parts of an upload: the file's bytes, the name it came with, and its text fields as an <see cref="AssetWrite"/>.</summary>
public sealed record AssetUploadParts(byte[] File, string Filename, Parsed<AssetWrite> Write);

/// <summary>
/// Reads a multipart/form-data upload by the contract's rules, streaming and counting as it goes: the file part over
/// the byte limit is 413 as soon as it passes it, a text part over 8 KB or not UTF-8 is 400, a part this form does not
/// have is 400, a missing file is 400, an empty text part is a field not given; the text fields then go through the
/// same JSON reading as any body.
/// </summary>
public static class AssetUploadReader
{
    private const int MaxFieldBytes = 8 * 1024;
    private static readonly string[] TextFields = ["alt", "caption", "credit", "copyright", "source", "focalPoint"];

    public static async Task<AssetUploadParts> ReadAsync(HttpContext context, long maxBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !"multipart/form-data".Equals(type.MediaType.Value, StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new RequestProblemException(415, ErrorCodes.UnsupportedMediaType,
                "Send the upload as multipart/form-data, the image in a part named file.");
        }
        if (context.Request.ContentLength > maxBytes + 64 * 1024)
        {
            throw TooLarge(maxBytes);
        }
        byte[]? file = null;
        var filename = "upload";
        var fields = new JsonObject();
        var reader = new MultipartReader(boundary, context.Request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    throw Invalid("request", "Every part needs a Content-Disposition: form-data with a name.");
                }
                if (name == "file")
                {
                    if (file is not null)
                    {
                        throw Invalid("file", "Send one file per upload.");
                    }
                    // Sized once from the request's length (which bounds the file's): a stream grown by doubling
                    // would leave three times the file in large-object garbage, for every upload at once.
                    var size = (int)Math.Min(context.Request.ContentLength ?? 0, maxBytes);
                    file = await ReadAsync(section.Body, maxBytes, () => TooLarge(maxBytes), context.RequestAborted, size);
                    filename = Filename(HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                        ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
                }
                else if (TextFields.Contains(name) && !fields.ContainsKey(name))
                {
                    var bytes = await ReadAsync(section.Body, MaxFieldBytes,
                        () => Invalid(name, $"At most {MaxFieldBytes} bytes."), context.RequestAborted);
                    if (!System.Text.Unicode.Utf8.IsValid(bytes))
                    {
                        throw Invalid(name, "Not valid UTF-8 text.");
                    }
                    var text = System.Text.Encoding.UTF8.GetString(bytes);
                    // An empty part is a field not given (Swagger UI sends a cleared field so).
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        fields[name] = name == "focalPoint" ? FocalPoint(text) : text;
                    }
                }
                else
                {
                    throw Invalid(name, $"Not a part of an upload (file, {string.Join(", ", TextFields)}), or sent twice.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Invalid("request", "The multipart body cannot be read: " + e.Message);
        }
        if (file is null or { Length: 0 })
        {
            throw Invalid("file", "The upload has no file: send the image in a part named file.");
        }
        return new AssetUploadParts(file, filename, RequestBody.Deserialize<AssetWrite>(context, fields));
    }

    private static JsonNode FocalPoint(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? new JsonObject { ["x"] = x, ["y"] = y }
            : throw Invalid("focalPoint", "Send x,y, each 0 to 1, e.g. 0.5,0.3.");
    }

    /// <summary>Only the last path segment, without control characters, at most 200 characters: it is shown, never used as a path.</summary>
    private static string Filename(string? given)
    {
        var name = new string(Path.GetFileName((given ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "upload" : name[..Math.Min(name.Length, 200)];
    }

    private static async Task<byte[]> ReadAsync(Stream body, long limit, Func<Exception> tooLarge, CancellationToken ct, int size = 0)
    {
        using var buffer = new MemoryStream(size);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw tooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static RequestProblemException TooLarge(long limit) =>
        new(413, ErrorCodes.PayloadTooLarge, $"The file is larger than {limit} bytes.");

    private static RequestProblemException Invalid(string field, string message) =>
        new(400, ErrorCodes.InvalidBody, message, new Dictionary<string, string[]> { [field] = [message] });
}
