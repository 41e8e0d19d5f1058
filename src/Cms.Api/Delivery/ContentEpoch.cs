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

/// <summary>
/// The counter in the process. Moving it and storing a response (<see cref="WhileAtAsync"/>) take turns,
/// so a store either finishes before a write's move, and the write's eviction then removes it, or sees
/// the counter moved and stores nothing.
/// </summary>
public sealed class MemoryContentEpoch : IContentEpoch
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _value;

    public ValueTask<long?> ReadAsync() => ValueTask.FromResult<long?>(Interlocked.Read(ref _value));

    public async ValueTask MoveAsync()
    {
        await _turn.WaitAsync();
        try
        {
            Interlocked.Increment(ref _value);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Runs <paramref name="store"/> if the counter is still <paramref name="at"/>, with no move meanwhile.</summary>
    public async ValueTask<bool> WhileAtAsync(long at, Func<ValueTask> store)
    {
        await _turn.WaitAsync();
        try
        {
            if (Interlocked.Read(ref _value) != at)
            {
                return false;
            }
            await store();
            return true;
        }
        finally
        {
            _turn.Release();
        }
    }
}

/// <summary>
/// The counter in Redis, so an eviction by one replica stops the others storing old reads; the store's
/// script checks it on the server (<see cref="RedisResponseStore"/>).
/// </summary>
public sealed class RedisContentEpoch(IConnectionMultiplexer redis, CacheFailures failures) : IContentEpoch
{
    internal static readonly RedisKey Key = "cms:content-epoch";

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
