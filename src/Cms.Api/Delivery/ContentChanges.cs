using Cms.Data;
using Cms.Data.Saving;
using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// The one place where writes reach the cache: an endpoint filter on the whole API (see ApiSetup), so a feature's
/// writes evict without the feature doing anything. When a write request has run, and before its response goes out, it
/// moves the scopes its saves made stale (<see cref="CmsDbContext.ReaderChanges"/>, by the reader-change rules beside
/// the save steps), which makes their cached responses unreachable on every replica (and, when everything is stale,
/// evicts them to free their memory). A write that changes nothing readers see (a draft's autosave, an edit lock, a key) moves nothing. Whatever
/// the request answers: a save it committed before failing is stale all the same.
/// </summary>
public sealed class ContentChanges(IContentEpoch epoch, IOutputCacheStore store, ILogger<ContentChanges> logger)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        finally
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && http.RequestServices.GetService<CmsDbContext>() is { ReaderChanges.Count: > 0 } db)
            {
                await MoveAsync(db.ReaderChanges.Contains(ReaderScopes.Everything) ? [ReaderScopes.Everything] : [.. db.ReaderChanges]);
                db.ReaderChanges.Clear();
            }
        }
    }

    private async Task MoveAsync(IReadOnlyCollection<string> scopes)
    {
        // Never fails: a move the epoch cannot make now it owes (RedisContentEpoch).
        await epoch.MoveAsync(scopes);
        if (!scopes.Contains(ReaderScopes.Everything))
        {
            return; // the entries of a smaller scope expire (ContentCachePolicy.Tag)
        }
        try
        {
            await store.EvictByTagAsync(ContentCachePolicy.Tag, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Only memory is at stake: no key reaches those entries any more, and they expire.
            logger.LogWarning(e, "Evicting unreachable responses from the output cache failed");
        }
    }
}
