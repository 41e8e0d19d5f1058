using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// The content epoch as readers must see it: the epoch, moved once more when a scheduled story's minute has
/// come, since no write announces that. Each replica remembers the next publication time of the epoch it last
/// saw, and asks the database again whenever the epoch moves, so a story scheduled through another replica is
/// known here from that replica's write on. Every cached response and remembered count is keyed by this value.
/// </summary>
public sealed class ContentVersion(IContentEpoch epoch, TimeProvider clock, IServiceScopeFactory scopes)
{
    private sealed record Known(long Epoch, DateTimeOffset? NextPublication);

    // Replaced whole, never changed in place: two requests that race here only both ask the database.
    private Known? _known;

    /// <summary>The version, or null when the epoch cannot be read (Redis unreachable): then nothing is cached.</summary>
    public async ValueTask<long?> CurrentAsync()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await epoch.ReadAsync() is not { } current)
            {
                return null;
            }
            var known = _known;
            if (known is null || known.Epoch != current)
            {
                _known = known = new Known(current, await NextPublicationAsync());
            }
            if (known.NextPublication is not { } at || clock.GetUtcNow() < at)
            {
                return current;
            }
            await epoch.MoveAsync(); // the story is live now: what was cached before it is not current
        }
        return await epoch.ReadAsync();
    }

    private async Task<DateTimeOffset?> NextPublicationAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow();
        return await db.Articles.Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > now)
            .MinAsync(a => a.PublishedAt);
    }
}

/// <summary>
/// A number that every successful write moves, before its response goes out. It is part of every output
/// cache key (<see cref="ContentCachePolicy"/>): a response read before a write and stored after it lands
/// under a key that no request asks for again, so nothing needs to check the order of stores and writes.
/// </summary>
public interface IContentEpoch
{
    /// <summary>The epoch, or null when it cannot be read (Redis unreachable): then nothing is cached.</summary>
    ValueTask<long?> ReadAsync();

    /// <summary>Never throws: a move that cannot be made now is owed, and made before the next read.</summary>
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

/// <summary>
/// In Redis, beside the shared output cache: a write on one replica moves every replica's keys. A move that cannot be
/// made (Redis unreachable, or the command failing) does not hold the write up: it is owed, and this replica pays it
/// before it next reads the cache, so what was cached before the write is not served after it. While Redis cannot be
/// reached nothing is cached or read from the cache.
/// </summary>
public sealed class RedisContentEpoch(IConnectionMultiplexer redis, RedisKey key, ILogger<RedisContentEpoch> logger)
    : IContentEpoch
{
    private volatile bool owed;

    public async ValueTask<long?> ReadAsync()
    {
        // While the connection is down, answer at once: the request goes to the database uncached.
        if (!redis.IsConnected)
        {
            return null;
        }
        var paying = owed;
        try
        {
            if (paying)
            {
                owed = false;
                return await redis.GetDatabase().StringIncrementAsync(key);
            }
            return (long?)await redis.GetDatabase().StringGetAsync(key) ?? 0;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            owed |= paying;
            logger.LogDebug(e, "Reading the content epoch failed; this request is not cached");
            return null;
        }
    }

    public async ValueTask MoveAsync()
    {
        if (redis.IsConnected)
        {
            try
            {
                await redis.GetDatabase().StringIncrementAsync(key);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Moving the content epoch failed; it is moved before this replica next reads the cache");
            }
        }
        owed = true;
    }
}
