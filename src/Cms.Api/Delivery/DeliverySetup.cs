using System.IO.Compression;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>Compression, HTTP caching headers, the output cache and its eviction.</summary>
public static class DeliverySetup
{
    public static IServiceCollection AddCmsDelivery(this IServiceCollection services)
    {
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "application/yaml", "text/plain"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        services.AddOutputCache(o =>
        {
            o.AddBasePolicy(new ContentCachePolicy());
            o.SizeLimit = 64L * 1024 * 1024; // in memory; Redis keeps its own limits
        });
        // Memory or Redis is decided when the services are first used, from the options, so that
        // configuration added late (tests, hosting) counts as much as appsettings.
        var memoryStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            // A Redis that is down at start is retried, not fatal. Commands keep the client's defaults: while the
            // connection is re-established they wait (up to 5 s) rather than fail, so an eviction during a
            // reconnect still happens (failing fast there, or a 1 s timeout, let evictions fail under the full
            // test suite's load and an old version stay). Reads do not wait: while the connection is down they
            // skip the store (CacheFailures.StoreIsUp) and go to the database.
            var redisOptions = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<CacheOptions>>().Value.Redis!);
            redisOptions.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redisOptions);
        });
        services.AddHttpContextAccessor();
        services.AddSingleton<IResponseStore>(provider => UsesRedis(provider)
            ? new RedisResponseStore(provider.GetRequiredService<IConnectionMultiplexer>())
            : new MemoryResponseStore((IOutputCacheStore)Create(provider, memoryStore),
                (MemoryContentEpoch)provider.GetRequiredService<IContentEpoch>()));
        services.AddSingleton<IOutputCacheStore>(provider => new EpochCheckedStore(provider.GetRequiredService<IResponseStore>(),
            provider.GetRequiredService<IHttpContextAccessor>(), provider.GetRequiredService<CacheFailures>()));
        services.AddSingleton<IContentEpoch>(provider => UsesRedis(provider)
            ? new RedisContentEpoch(provider.GetRequiredService<IConnectionMultiplexer>(), provider.GetRequiredService<CacheFailures>())
            : new MemoryContentEpoch());
        services.AddSingleton(provider =>
        {
            var (logger, clock) = (provider.GetRequiredService<ILogger<CacheFailures>>(), provider.GetRequiredService<TimeProvider>());
            return UsesRedis(provider)
                ? new CacheFailures(logger, clock) { StoreIsUp = () => provider.GetRequiredService<IConnectionMultiplexer>().IsConnected }
                : new CacheFailures(logger, clock);
        });
        services.AddSingleton<CacheEviction>();
        services.AddSingleton<ScheduledPublications>();
        services.AddSingleton<TotalCounts>();
        services.AddSingleton<MissCoalescing>();
        return services;
    }

    private static bool UsesRedis(IServiceProvider provider) =>
        !string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<CacheOptions>>().Value.Redis);

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);

    /// <summary>Outermost: compression. Call before anything writes a response.</summary>
    public static IApplicationBuilder UseCmsCompression(this IApplicationBuilder app) => app.UseResponseCompression();

    /// <summary>
    /// Before authentication and authorization (see ApiSetup): the output cache (anonymous GETs only), the
    /// epoch a stored response must still match, public Cache-Control for anonymous reads, ETags, and the
    /// joining of concurrent misses of one entry (<see cref="MissCoalescing"/>).
    /// </summary>
    public static IApplicationBuilder UseCmsCaching(this IApplicationBuilder app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.Headers.Authorization.Count == 0 && HttpMethods.IsGet(http.Request.Method))
            {
                var options = http.RequestServices.GetRequiredService<IOptions<CacheOptions>>().Value;
                http.Response.OnStarting(() =>
                {
                    if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
                        && http.User.Identity?.IsAuthenticated != true
                        && http.Request.Path.StartsWithSegments("/api/v1"))
                    {
                        http.Response.Headers.CacheControl =
                            $"public, max-age={options.MaxAgeSeconds}, stale-while-revalidate={options.StaleWhileRevalidateSeconds}";
                    }
                    return Task.CompletedTask;
                });
            }
            return next(http);
        });
        app.UseOutputCache();
        // The first thing a request the cache did not answer meets: from here on, the database work of a request
        // whose client went away is cancelled only after a grace period, and off the thread pool (ClientAborts).
        var aborts = app.ApplicationServices.GetRequiredService<ClientAborts>();
        app.Use((http, next) => aborts.InvokeAsync(http, next));
        app.Use(async (http, next) =>
        {
            // Reached only when the cache did not answer: note the epoch before the database is read
            // (when it cannot be read, what this request reads is not stored).
            if (http.Features.Get<IOutputCacheFeature>()?.Context is { AllowCacheStorage: true } context)
            {
                if (await http.RequestServices.GetRequiredService<IContentEpoch>().ReadAsync() is { } epoch)
                {
                    http.Items[ContentCachePolicy.EpochItem] = epoch;
                }
                else
                {
                    context.AllowCacheStorage = false;
                }
            }
            await next(http);
        });
        app.UseEntityTagsOnReads();
        // Inside the ETags, so that each request that joins another's read gets its own 304 or 200 from the body.
        var coalescing = app.ApplicationServices.GetRequiredService<MissCoalescing>();
        app.Use((http, next) => coalescing.InvokeAsync(http, next));
        return app;
    }
}
