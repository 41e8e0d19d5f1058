using Cms.Api.Infrastructure;
using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>Compression, HTTP caching headers and the output cache (in memory, or in Redis shared by replicas).</summary>
public static class DeliverySetup
{
    /// <summary>
    /// Every text type the API answers: JSON and problems, JSON-LD, the feeds, the sitemaps, the OpenAPI document, and
    /// Swagger UI's and the examples' pages. Not media: stored photos are already compressed, and a stored SVG is
    /// answered with ranges as the file it is.
    /// </summary>
    public static readonly string[] CompressedTypes =
    [
        "application/json", "application/problem+json", "application/ld+json", "application/feed+json",
        "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
        "text/plain+yaml", "application/yaml", "text/plain", "text/html", "text/css", "text/javascript", "application/javascript",
    ];

    public static IServiceCollection AddCmsDelivery(this IServiceCollection services)
    {
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = CompressedTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        services.AddOutputCache(o => o.AddPolicy(ContentCachePolicy.Name, p => p.AddPolicy<ContentCachePolicy>(), excludeDefaultPolicy: true));
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<CacheOptions>>((o, cache) =>
            o.SizeLimit = cache.Value.MemoryMegabytes * 1024L * 1024);
        var memoryStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.AddStackExchangeRedisOutputCache(_ => { });
        services.AddOptions<RedisOutputCacheOptions>().Configure<IServiceProvider>((o, provider) =>
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>());
            o.InstanceName = SharedRedis.Prefix(provider);
        });
        var redisStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        // Memory or Redis is decided when the services are first used, so configuration added late (tests,
        // hosting) counts as much as appsettings.
        services.AddSingleton<IOutputCacheStore>(provider => new MeteredOutputCacheStore(UsesRedis(provider)
            ? ActivatorUtilities.CreateInstance<RedisOutageGuard>(provider, (IOutputCacheStore)Create(provider, redisStore))
            : (IOutputCacheStore)Create(provider, memoryStore), provider.GetRequiredService<Infrastructure.CmsMetrics>()));
        services.AddSingleton<IContentEpoch>(provider => UsesRedis(provider)
            ? ActivatorUtilities.CreateInstance<RedisContentEpoch>(provider, SharedRedis.Prefix(provider) + "content-epoch:")
            : new MemoryContentEpoch());
        services.AddHybridCache();
        services.AddSingleton<ContentVersion>();
        services.AddSingleton<TotalCounts>();
        return services;
    }

    private static bool UsesRedis(IServiceProvider provider) => SharedRedis.IsConfigured(provider);

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);

    /// <summary>Outermost: compression. Call before anything writes a response.</summary>
    public static IApplicationBuilder UseCmsCompression(this IApplicationBuilder app) => app.UseResponseCompression();

    /// <summary>
    /// Before authentication and authorization (see ApiSetup): public Cache-Control for anonymous reads, the
    /// output cache (which answers what it holds without either), then ETags for whatever it does not hold.
    /// </summary>
    public static IApplicationBuilder UseCmsCaching(this IApplicationBuilder app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.Query.ContainsKey(ContentCachePolicy.PersonalQuery))
            {
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers.CacheControl = "private, no-store";
                    return Task.CompletedTask;
                });
            }
            else if (!Credentials.Carried(http.Request) && HttpMethods.IsGet(http.Request.Method))
            {
                var options = http.RequestServices.GetRequiredService<IOptions<CacheOptions>>().Value;
                http.Response.OnStarting(() =>
                {
                    if (Streamed.Is(http))
                    {
                        http.Response.Headers.CacheControl = "no-cache";
                    }
                    else if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
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
        app.Use((http, next) =>
        {
            // Reads are not cancelled when their client goes away: Npgsql cancels a command by opening a second
            // connection and waiting on it synchronously, on a thread pool thread (npgsql/npgsql#3696, #5070), and
            // many clients leaving at once stalled the whole server for seconds. A read takes milliseconds; the
            // command timeout (Database:CommandTimeoutSeconds) bounds one that does not.
            if (HttpMethods.IsGet(http.Request.Method) && !Streamed.Is(http))
            {
                http.RequestAborted = CancellationToken.None;
            }
            return next(http);
        });
        app.UseEntityTagsOnReads();
        return app;
    }
}
