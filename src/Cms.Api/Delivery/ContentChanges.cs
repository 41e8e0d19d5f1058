using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// The one place where writes reach the cache: an endpoint filter on the whole API (see ApiSetup), so a
/// feature's writes evict without the feature doing anything. Once a write has succeeded (its transaction
/// committed), and before its response goes out, it moves the content epoch, which makes every cached
/// response unreachable on every replica, then evicts them to free their memory.
/// </summary>
public sealed class ContentChanges(IContentEpoch epoch, IOutputCacheStore store, ILogger<ContentChanges> logger)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var method = context.HttpContext.Request.Method;
        var status = ((result as INestedHttpResult)?.Result ?? result) as IStatusCodeHttpResult;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && status?.StatusCode is >= 200 and < 300)
        {
            await MoveAsync();
        }
        return result;
    }

    private async Task MoveAsync()
    {
        // Never fails: a move the epoch cannot make now it owes (RedisContentEpoch).
        await epoch.MoveAsync();
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
