using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// The output cache store the middleware sees. The middleware stores a response after the client has
/// it, so a write may have committed and evicted in between: the response is stored only if the
/// content epoch is still the one its request read before its database read, checked in the same
/// step as the store (<see cref="IResponseStore.SetIfEpochAsync"/>). A request that read no epoch
/// stores nothing. When the store is down or fails, a lookup is a miss and nothing is stored (see
/// <see cref="CacheFailures"/>); evictions still fail loudly, to <see cref="CacheEviction"/>, which logs them.
/// </summary>
public sealed class EpochCheckedStore(IResponseStore inner, IHttpContextAccessor accessor, CacheFailures failures)
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

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (!failures.StoreIsUp())
        {
            return false;
        }
        try
        {
            return await inner.TryGetAsync(key, destination, cancellationToken);
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            failures.Report(e, "looking up a response");
            return false;
        }
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        SetAsync(key, new ReadOnlySequence<byte>(value), tags ?? [], validFor, cancellationToken);

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor,
        CancellationToken cancellationToken)
    {
        if (!failures.StoreIsUp() || accessor.HttpContext?.Items[ContentCachePolicy.EpochItem] is not long epoch)
        {
            return;
        }
        try
        {
            await inner.SetIfEpochAsync(epoch, key, value, tags, validFor, cancellationToken);
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            failures.Report(e, "storing a response");
        }
    }
}
