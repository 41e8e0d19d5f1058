using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>Counts the output cache's hits, misses and evictions (<see cref="CmsMetrics"/>) around whichever store is used.</summary>
public sealed class MeteredOutputCacheStore(IOutputCacheStore inner, CmsMetrics metrics) : IOutputCacheStore
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var entry = await inner.GetAsync(key, cancellationToken);
        metrics.CacheLookup(hit: entry is not null);
        return entry;
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        inner.SetAsync(key, value, tags, validFor, cancellationToken);

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        metrics.CacheEviction();
        return inner.EvictByTagAsync(tag, cancellationToken);
    }
}
