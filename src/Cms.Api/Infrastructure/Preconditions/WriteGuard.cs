using Microsoft.AspNetCore.Http.HttpResults;

namespace Cms.Api.Infrastructure;

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
