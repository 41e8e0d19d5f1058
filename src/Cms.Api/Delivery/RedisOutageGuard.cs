using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// The Redis output cache store, failing fast: the cache is a copy of the database, so while Redis cannot be
/// reached a lookup is a miss and a store is skipped at once, rather than waiting for the client's timeout or
/// failing the request. Evictions are left to fail loudly, to <see cref="ContentChanges"/>, which logs them.
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

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);
}
