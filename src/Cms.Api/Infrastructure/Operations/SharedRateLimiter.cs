using System.Threading.RateLimiting;
using StackExchange.Redis;
using RedisRateLimiting;

namespace Cms.Api.Infrastructure;

/// <summary>
/// A budget shared through Redis by every replica while Redis answers, and counted by this replica alone while it does
/// not: an outage of Redis neither fails a request nor lifts the limits. As the Redis limiter itself, it answers only
/// through <see cref="RateLimiter.AcquireAsync"/>: <see cref="RateLimiter.AttemptAcquire"/> refuses while Redis is up,
/// which sends the framework's middleware on to the asynchronous call.
/// </summary>
internal sealed class SharedRateLimiter(RateLimiter shared, RateLimiter local, IConnectionMultiplexer redis, ILogger logger)
    : RateLimiter
{
    private static readonly RateLimitLease Pending = new Lease(false, null);

    public override TimeSpan? IdleDuration =>
        shared.IdleDuration is { } a && local.IdleDuration is { } b ? (a < b ? a : b) : null;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        redis.IsConnected ? Pending : local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            try
            {
                using var lease = await shared.AcquireAsync(permitCount, cancellationToken);
                // A request for no permits asks whether any are left; the Redis limiter grants it while the count
                // stands exactly at the limit.
                var exhausted = permitCount == 0
                    && lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var remaining) && remaining <= 0;
                return new Lease(lease.IsAcquired && !exhausted,
                    lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : null);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Rate limits could not reach Redis; this replica counts alone until it can");
            }
        }
        // Zero permits: see RateLimits.MayTryKeyAsync.
        return permitCount == 0 ? local.AttemptAcquire(0) : await local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
