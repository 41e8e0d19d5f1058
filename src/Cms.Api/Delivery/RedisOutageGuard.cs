using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// The Redis output cache store, failing fast: the cache is a copy of the database, so while Redis cannot be
/// reached a lookup is a miss and a store is skipped at once, rather than waiting for the client's timeout or
/// failing the request.
/// </summary>
public sealed class RedisOutageGuard(IOutputCacheStore inner, IConnectionMultiplexer redis, ILogger<RedisOutageGuard> logger)
    : IOutputCacheStore
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return null;
        }
        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Looking up a cached response failed; reading the database instead");
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return;
        }
        try
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Storing a response in the output cache failed");
        }
    }

    /// <summary>
    /// Skipped while Redis cannot be reached: the entries are out of reach already (the epoch's move is owed, see
    /// <see cref="RedisContentEpoch"/>), and expire. Otherwise a failure is left to <see cref="ContentChanges"/>, which logs it.
    /// </summary>
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        redis.IsConnected ? inner.EvictByTagAsync(tag, cancellationToken) : ValueTask.CompletedTask;
}
