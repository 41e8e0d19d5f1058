using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;

namespace Cms.Api.Delivery;

/// <summary>
/// Totals of filtered lists (totalItems, article counts), counted once per content epoch: a count reads every
/// matching row, which at newsroom scale costs more than the page itself, and responses that the output cache
/// does not hold (keyed callers, a page the cache has not seen) would count it each time. HybridCache joins
/// concurrent misses of one key into one count. The key carries the versions of the lists and of the desk (keyed
/// callers count drafts too), which every write that changes what a list counts and every scheduled story's minute
/// move; an entry lasts a minute at most.
/// </summary>
public sealed class TotalCounts(HybridCache cache, ContentVersion version)
{
    private static readonly HybridCacheEntryOptions Lifetime = new()
    {
        Expiration = TimeSpan.FromMinutes(1),
        LocalCacheExpiration = TimeSpan.FromMinutes(1),
    };

    [ImmutableObject(true)]
    private sealed record Counted<T>(T Value);

    /// <summary>A count (or a table of counts) under a key, computed again only when it may have changed.</summary>
    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> count, CancellationToken ct)
    {
        if (await version.CurrentAsync(Cms.Data.Saving.ReaderScopes.Lists, Cms.Data.Saving.ReaderScopes.Desk) is not { } current)
        {
            return await count(ct); // Redis is unreachable: nothing can tell when a write comes
        }
        var counted = await cache.GetOrCreateAsync($"count:{current}:{key}", count,
            static async (count, token) => new Counted<T>(await count(token)), Lifetime, cancellationToken: ct);
        return counted.Value;
    }
}
