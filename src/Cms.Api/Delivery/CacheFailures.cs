using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// The output cache is a copy of the database: when its store (Redis) cannot be reached, reads go to
/// the database and nothing is stored, rather than failing. Each failure is logged, at most once per
/// half minute, so an outage does not flood the log with one line per request.
/// </summary>
public sealed class CacheFailures(ILogger<CacheFailures> logger, TimeProvider clock)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);
    private long _lastLogged;

    /// <summary>
    /// False while the store's connection is down (Redis unreachable): lookups and stores are then skipped at
    /// once rather than queued until Redis answers, while evictions still wait for it (see <see cref="CacheEviction"/>).
    /// </summary>
    public Func<bool> StoreIsUp { get; init; } = () => true;

    public static bool IsCacheFailure(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException;

    public void Report(Exception e, string what)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastLogged);
        if (now - last >= Quiet.Ticks && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            logger.LogWarning(e, "The output cache failed {What}; reads go to the database until it answers again", what);
        }
    }
}
