using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// A counter that every eviction moves. A response read from the database is only stored in the
/// output cache when the counter has not moved since before that read: otherwise a write committed
/// meanwhile could be evicted first and the old response stored after it.
/// </summary>
public interface IContentEpoch
{
    /// <summary>The counter, or null when it cannot be read (Redis unreachable): then nothing may be stored.</summary>
    ValueTask<long?> ReadAsync();

    ValueTask MoveAsync();
}

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

/// <summary>The counter in Redis, so an eviction by one replica stops the others storing old reads.</summary>
public sealed class RedisContentEpoch(IConnectionMultiplexer redis, CacheFailures failures) : IContentEpoch
{
    private static readonly RedisKey Key = "cms:content-epoch";

    public async ValueTask<long?> ReadAsync()
    {
        if (!failures.StoreIsUp())
        {
            return null;
        }
        try
        {
            return (long?)await redis.GetDatabase().StringGetAsync(Key) ?? 0;
        }
        catch (Exception e) when (CacheFailures.IsCacheFailure(e))
        {
            failures.Report(e, "reading the content epoch");
            return null;
        }
    }

    public async ValueTask MoveAsync() => await redis.GetDatabase().StringIncrementAsync(Key);
}
