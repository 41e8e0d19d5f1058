using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cms.Api.Infrastructure;

/// <summary>
/// The Redis that replicas share, named in the <c>Cache</c> section (<c>Cache__Redis</c>, <c>Cache__RedisPrefix</c>):
/// the output cache and the rate limits keep their state there. None unless configured.
/// </summary>
public sealed class SharedRedisOptions
{
    public const string Section = "Cache";

    /// <summary>A Redis connection string: the output cache then lives there, shared by every replica.</summary>
    public string? Redis { get; set; }

    /// <summary>The prefix of every Redis key Cms writes, so that several sites can share one Redis.</summary>
    public string RedisPrefix { get; set; } = "cms:";
}

public static class SharedRedis
{
    public static IServiceCollection AddCmsSharedRedis(this IServiceCollection services)
    {
        services.AddOptions<SharedRedisOptions>().BindConfiguration(SharedRedisOptions.Section);
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            // A Redis that is down at start is retried, not fatal; while it is down, reads skip the cache.
            var options = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<SharedRedisOptions>>().Value.Redis!);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        return services;
    }

    /// <summary>Whether replicas share a Redis. Decided when first asked, so configuration added late (tests, hosting) counts.</summary>
    public static bool IsConfigured(IServiceProvider provider) =>
        !string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SharedRedisOptions>>().Value.Redis);

    public static string Prefix(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<SharedRedisOptions>>().Value.RedisPrefix;
}
