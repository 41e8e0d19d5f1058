using Cms.Data;
using Microsoft.EntityFrameworkCore;
using System.Collections.Concurrent;
using Cms.Data.Saving;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// The version of a cache scope as readers must see it (docs/caching.md): the scope's own epoch, which a write that
/// makes it stale moves (<see cref="ContentChanges"/>), with the epoch of everything, which a write that makes everything
/// stale moves, and which is moved once more when a scheduled story's or arrangement's minute has come (<see cref="IUpcomingReaderChange"/>), since no write announces that.
/// Each replica remembers the next publication time of the epoch of everything it last saw, and asks the database again
/// whenever that moves (a write that changes when a story appears moves it), so a story scheduled through another
/// replica is known here from that replica's write on. Every cached response and remembered count is keyed by a version.
/// </summary>
public sealed class ContentVersion(IContentEpoch epoch, TimeProvider clock, IServiceScopeFactory scopes,
    IEnumerable<IUpcomingReaderChange> upcoming)
{
    private sealed record Known(long Epoch, DateTimeOffset? NextPublication);

    // Replaced whole, never changed in place: two requests that race here only both ask the database.
    private Known? _known;

    /// <summary>The version of these scopes, or null when the epochs cannot be read (Redis unreachable): then nothing is cached.</summary>
    public async ValueTask<string?> CurrentAsync(params string[] scopes)
    {
        string[] names = [ReaderScopes.Everything, .. scopes.Where(s => s != ReaderScopes.Everything)];
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await epoch.ReadAsync(names) is not { } current)
            {
                return null;
            }
            var known = _known;
            if (known is null || known.Epoch != current[0])
            {
                _known = known = new Known(current[0], await NextPublicationAsync());
            }
            if (known.NextPublication is not { } at || clock.GetUtcNow() < at)
            {
                return string.Join('.', current);
            }
            await epoch.MoveAsync([ReaderScopes.Everything]); // the story is live now: what was cached before it is not current
        }
        return await epoch.ReadAsync(names) is { } moved ? string.Join('.', moved) : null;
    }

    private async Task<DateTimeOffset?> NextPublicationAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var source in upcoming)
        {
            if (await source.NextAsync(db, now, CancellationToken.None) is { } at && !(next <= at))
            {
                next = at;
            }
        }
        return next;
    }
}

/// <summary>
/// A number per cache scope (<see cref="ReaderScopes"/>) that a write making the scope stale moves, before its response
/// goes out. It is part of the output cache key of every response of the scope (<see cref="ContentCachePolicy"/>): a
/// response read before a write and stored after it lands under a key that no request asks for again, so nothing needs
/// to check the order of stores and writes. A scope never moved is 0.
/// </summary>
public interface IContentEpoch
{
    /// <summary>The epochs of these scopes, in order, or null when they cannot be read (Redis unreachable): then nothing is cached.</summary>
    ValueTask<long[]?> ReadAsync(string[] scopes);

    /// <summary>Never throws: a move that cannot be made now is owed (as a move of everything), and made before the next read.</summary>
    ValueTask MoveAsync(IReadOnlyCollection<string> scopes);
}

/// <summary>In the process: one replica, the in-memory output cache.</summary>
public sealed class MemoryContentEpoch : IContentEpoch
{
    private readonly ConcurrentDictionary<string, long> _epochs = new();

    public ValueTask<long[]?> ReadAsync(string[] scopes) =>
        ValueTask.FromResult<long[]?>(Array.ConvertAll(scopes, scope => _epochs.GetValueOrDefault(scope)));

    public ValueTask MoveAsync(IReadOnlyCollection<string> scopes)
    {
        foreach (var scope in scopes)
        {
            _epochs.AddOrUpdate(scope, 1, (_, epoch) => epoch + 1);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// In Redis, beside the shared output cache (a key per scope, read in one round trip): a write on one replica moves
/// every replica's keys. A move that cannot be made (Redis unreachable, or the command failing) does not hold the write
/// up: it is owed as a move of everything, and this replica pays it before it next reads the cache, so what was cached
/// before the write is not served after it. While Redis cannot be reached nothing is cached or read from the cache.
/// </summary>
public sealed class RedisContentEpoch(IConnectionMultiplexer redis, string prefix, ILogger<RedisContentEpoch> logger)
    : IContentEpoch
{
    private volatile bool owed;

    private RedisKey Key(string scope) => prefix + scope;

    public async ValueTask<long[]?> ReadAsync(string[] scopes)
    {
        // While the connection is down, answer at once: the request goes to the database uncached.
        if (!redis.IsConnected)
        {
            return null;
        }
        var paying = owed;
        try
        {
            var db = redis.GetDatabase();
            if (paying)
            {
                owed = false;
                await db.StringIncrementAsync(Key(ReaderScopes.Everything));
            }
            var values = await db.StringGetAsync(scopes.Select(Key).ToArray());
            return values.Select(v => (long?)v ?? 0).ToArray();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            owed |= paying;
            logger.LogDebug(e, "Reading the content epochs failed; this request is not cached");
            return null;
        }
    }

    public async ValueTask MoveAsync(IReadOnlyCollection<string> scopes)
    {
        if (redis.IsConnected)
        {
            try
            {
                var db = redis.GetDatabase();
                await Task.WhenAll(scopes.Select(s => db.StringIncrementAsync(Key(s))));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Moving the content epochs failed; everything is moved before this replica next reads the cache");
            }
        }
        owed = true;
    }
}
