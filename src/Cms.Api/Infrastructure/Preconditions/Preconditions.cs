using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure;

/// <summary>ETags from row versions, and the If-Match / If-None-Match rules of the contract.</summary>
public static class Preconditions
{
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>PUT and PATCH refuse to run blind: 428 when If-Match is missing.</summary>
    public static ProblemHttpResult? RequireIfMatch(HttpContext context) =>
        context.Request.Headers.IfMatch.Count == 0
            ? Problems.Create(StatusCodes.Status428PreconditionRequired, ErrorCodes.PreconditionRequired,
                "Send If-Match with the ETag you last read (or * to overwrite whatever is there).")
            : null;

    /// <summary>
    /// 412 when If-Match was sent and names neither * nor the current version: <c>"{version}"</c>, or
    /// <c>"{version}.{hash}"</c>, the tag of a read whose body shows more than the row (<c>EntityTags.SetVersion</c>).
    /// </summary>
    public static ProblemHttpResult? CheckIfMatch(HttpContext context, long currentVersion)
    {
        var ifMatch = context.Request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }
        var current = new EntityTagHeaderValue(ETag(currentVersion));
        var read = $"\"{currentVersion}.";
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true)
                || (!tag.IsWeak && tag.Tag.StartsWith(read, StringComparison.Ordinal)))
            ? null
            : Problems.Create(StatusCodes.Status412PreconditionFailed, ErrorCodes.VersionMismatch,
                "The resource has changed since you read it; nothing was changed. Fetch it again and retry.",
                extensions: new Dictionary<string, object?> { ["currentETag"] = ETag(currentVersion) });
    }

    public static bool IsNotModified(HttpContext context, long version)
    {
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        var current = new EntityTagHeaderValue(ETag(version));
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    /// <summary>
    /// Whether If-Modified-Since says the client holds what was last modified at <paramref name="lastModified"/> (to the
    /// second, as HTTP dates go). Ignored when If-None-Match is sent, as RFC 9110 asks: the ETag decides then.
    /// </summary>
    public static bool NotModifiedSince(HttpContext context, DateTimeOffset lastModified)
    {
        var headers = context.Request.GetTypedHeaders();
        if (context.Request.Headers.IfNoneMatch.Count > 0 || headers.IfModifiedSince is not { } since)
        {
            return false;
        }
        return lastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }
}
