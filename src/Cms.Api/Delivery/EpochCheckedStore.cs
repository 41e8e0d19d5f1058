using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// The output cache store, guarded by the content epoch. The middleware stores a response after the
/// client has it, so a write may have committed and evicted in between: a response is not stored
/// when a write moved the epoch since its request began (before its database read), and after it is
/// stored the epoch is read again, evicting the entry's tags if it moved meanwhile. With the writer's
/// own eviction (after it moved the epoch), an old version survives neither order of events.
/// When the store is down or fails, a lookup is a miss and nothing is stored (see <see cref="CacheFailures"/>);
/// evictions still fail loudly, to <see cref="CacheEviction"/>, which logs them.
/// </summary>
public sealed class EpochCheckedStore(IOutputCacheStore inner, IContentEpoch epoch, IHttpContextAccessor accessor, CacheFailures failures)
    : IOutputCacheBufferStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        inner.EvictByTagAsync(tag, cancellationToken);

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!failures.StoreIsUp())
        {
            return null;
        }
        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            failures.Report(e, "looking up a response");
            return null;
        }
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        SetAsync(key, new ReadOnlySequence<byte>(value), tags ?? [], validFor, cancellationToken);

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (inner is not IOutputCacheBufferStore buffers)
        {
            var value = await GetAsync(key, cancellationToken);
            if (value is not null)
            {
                await destination.WriteAsync(value, cancellationToken);
            }
            return value is not null;
        }
        if (!failures.StoreIsUp())
        {
            return false;
        }
        try
        {
            return await buffers.TryGetAsync(key, destination, cancellationToken);
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            failures.Report(e, "looking up a response");
            return false;
        }
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor,
        CancellationToken cancellationToken)
    {
        if (!failures.StoreIsUp() || await MovedAsync())
        {
            return;
        }
        try
        {
            if (inner is IOutputCacheBufferStore buffers)
            {
                await buffers.SetAsync(key, value, tags, validFor, cancellationToken);
            }
            else
            {
                await inner.SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);
            }
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            failures.Report(e, "storing a response");
            return;
        }
        await CheckAsync(tags.ToArray(), cancellationToken);
    }

    /// <summary>
    /// True when a write moved the epoch since this request began (what it read may be old), or when
    /// the epoch cannot be read now.
    /// </summary>
    private async ValueTask<bool> MovedAsync() =>
        accessor.HttpContext?.Items[ContentCachePolicy.EpochItem] is long before && before != await epoch.ReadAsync();

    private async ValueTask CheckAsync(string[] tags, CancellationToken cancellationToken)
    {
        if (!await MovedAsync())
        {
            return;
        }
        try
        {
            foreach (var tag in tags)
            {
                await inner.EvictByTagAsync(tag, cancellationToken);
            }
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            // The store went away between storing and evicting; the entry lives at most Cache:ServerSeconds.
            failures.Report(e, "evicting a response stored during a write");
        }
    }
}
