using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// A number that every successful write moves, before its response goes out. It is part of every output
/// cache key (<see cref="ContentCachePolicy"/>): a response read before a write and stored after it lands
/// under a key that no request asks for again, so nothing needs to check the order of stores and writes.
/// </summary>
public interface IContentEpoch
{
    /// <summary>The epoch, or null when it cannot be read (Redis unreachable): then nothing is cached.</summary>
    ValueTask<long?> ReadAsync();

    ValueTask MoveAsync();
}

/// <summary>In the process: one replica, the in-memory output cache.</summary>
public sealed class MemoryContentEpoch : IContentEpoch
{
    private long _value;

    public ValueTask<long?> ReadAsync() => ValueTask.FromResult<long?>(Interlocked.Read(ref _value));

    public ValueTask MoveAsync()
    {
        Interlocked.Increment(ref _value);
        return ValueTask.CompletedTask;
    }
}

/// <summary>In Redis, beside the shared output cache: a write on one replica moves every replica's keys.</summary>
public sealed class RedisContentEpoch(IConnectionMultiplexer redis, RedisKey key, ILogger<RedisContentEpoch> logger)
    : IContentEpoch
{
    public async ValueTask<long?> ReadAsync()
    {
        // While the connection is down, answer at once: the request goes to the database uncached.
        if (!redis.IsConnected)
        {
            return null;
        }
        try
        {
            return (long?)await redis.GetDatabase().StringGetAsync(key) ?? 0;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Reading the content epoch failed; this request is not cached");
            return null;
        }
    }

    public async ValueTask MoveAsync() => await redis.GetDatabase().StringIncrementAsync(key);
}
