using Microsoft.AspNetCore.Http.HttpResults;

namespace Cms.Api.Infrastructure;

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
