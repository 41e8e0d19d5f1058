using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Delivery;

/// <summary>
/// Gives every successful GET of the API an ETag, lists included: a weak tag from a hash of the body
/// when the endpoint set none (single resources set their version), and answers 304 when the client
/// already holds it. Sits inside the output cache, so a cached response keeps its tag.
/// </summary>
public static class EntityTags
{
    public static IApplicationBuilder UseEntityTagsOnReads(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api/v1"))
        {
            await next(http);
            return;
        }
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
        }
        var response = http.Response;
        if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.ETag))
        {
            var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            var tag = $"W/\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
            response.Headers.ETag = tag;
            if (Matches(http.Request.Headers.IfNoneMatch, tag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(body, http.RequestAborted);
    });

    /// <summary>The weak comparison RFC 9110 asks of If-None-Match.</summary>
    private static bool Matches(string? ifNoneMatch, string tag)
    {
        if (string.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }
        var opaque = tag[2..];
        return ifNoneMatch.Split(',', StringSplitOptions.TrimEntries)
            .Any(t => t == "*" || (t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t) == opaque);
    }
}
