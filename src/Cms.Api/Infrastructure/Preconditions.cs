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

    /// <summary>412 when If-Match was sent and names neither * nor the current version.</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpContext context, long currentVersion)
    {
        var ifMatch = context.Request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }
        var current = new EntityTagHeaderValue(ETag(currentVersion));
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true))
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
}

/// <summary>A response that knows the row version its ETag comes from.</summary>
public interface IVersionedResponse
{
    long Version { get; }
}

public static class Found
{
    /// <summary>GET of one resource: 404 when missing, 304 when the client's copy is current, else 200.</summary>
    public static Results<Ok<T>, StatusCodeHttpResult, ProblemHttpResult> OrNotFound<T>(
        HttpContext context, T? body, string resource) where T : class, IVersionedResponse
    {
        if (body is null)
        {
            return Problems.NotFound(resource);
        }
        context.Response.Headers.ETag = Preconditions.ETag(body.Version);
        return Preconditions.IsNotModified(context, body.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(body);
    }
}

public static class WriteGuard
{
    /// <summary>
    /// The checks before any write to an existing resource, in the contract's order: 428 when a
    /// PUT or PATCH sent no If-Match, 404 when the resource is missing, 412 when If-Match is stale.
    /// The entity is there exactly when no problem is.
    /// </summary>
    public static async Task<(T Entity, ProblemHttpResult? Problem)> LoadAsync<T>(
        HttpContext context, Func<Task<T?>> load, string resource, bool requireIfMatch)
        where T : class, Cms.Data.Infrastructure.IVersioned
    {
        if (requireIfMatch && Preconditions.RequireIfMatch(context) is { } missing)
        {
            return (null!, missing);
        }
        var entity = await load();
        if (entity is null)
        {
            return (null!, Problems.NotFound(resource));
        }
        return Preconditions.CheckIfMatch(context, entity.Version) is { } stale ? (null!, stale) : (entity, null);
    }
}
