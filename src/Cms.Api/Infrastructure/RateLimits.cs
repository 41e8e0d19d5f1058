using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Cms.Api.Delivery;
using Cms.Api.Keys;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Cms.Api.Infrastructure;

/// <summary>The <c>RateLimits</c> configuration section: requests per window; 0 for no limit.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The window every budget counts in, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Reads without a key, per client address. None by default: a CDN in front sends every reader through a few
    /// addresses, and the output cache answers most reads before they cost anything.
    /// </summary>
    public int AnonymousReads { get; set; }

    /// <summary>Reads with a key, per key. None by default: a frontend that reads with a key carries all its readers.</summary>
    public int KeyReads { get; set; }

    /// <summary>Writes (any method but GET, HEAD and OPTIONS), per key.</summary>
    public int Writes { get; set; } = 600;

    /// <summary>Requests whose key matched none or had expired, per client address: guessing keys stops here.</summary>
    public int FailedKeys { get; set; } = 10;
}

/// <summary>The budgets a request can spend, named as in the RateLimit headers and the 429 problem's <c>policy</c>.</summary>
public enum RateLimitPolicy
{
    AnonymousReads,
    KeyReads,
    Writes,
    FailedKeys,
}

/// <summary>
/// The one home of rate limiting: which budget a request spends, the limiters that count them (the framework's fixed
/// windows in this process, or RedisRateLimiting's shared by every replica when <c>Cache:Redis</c> is set), and the
/// 429 problem with <c>Retry-After</c> and the IETF draft's <c>RateLimit-Policy</c> and <c>RateLimit</c> headers.
/// </summary>
public sealed class RateLimits : IAsyncDisposable
{
    private readonly RateLimitOptions options;
    private readonly TimeSpan window;
    private readonly bool shared;
    private readonly PartitionedRateLimiter<(RateLimitPolicy? Policy, string Subject)> limiter;

    public RateLimits(IOptions<RateLimitOptions> options, IOptions<CacheOptions> cache, IServiceProvider services,
        ILogger<RateLimits> logger)
    {
        this.options = options.Value;
        window = TimeSpan.FromSeconds(this.options.WindowSeconds);
        var redis = string.IsNullOrWhiteSpace(cache.Value.Redis) ? null : services.GetRequiredService<IConnectionMultiplexer>();
        var prefix = cache.Value.RedisPrefix;
        shared = redis is not null;
        limiter = PartitionedRateLimiter.Create<(RateLimitPolicy? Policy, string Subject), (RateLimitPolicy?, string)>(request =>
            Quota(request.Policy) is var quota and > 0
                ? RateLimitPartition.Get(request, key =>
                {
                    var local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = quota, Window = window, QueueLimit = 0, AutoReplenishment = true,
                    });
                    return redis is null
                        ? local
                        : new SharedRateLimiter(new RedisFixedWindowRateLimiter<string>(
                            $"{prefix}{Name(key.Item1!.Value)}:{key.Item2}",
                            new RedisFixedWindowRateLimiterOptions
                            {
                                ConnectionMultiplexerFactory = () => redis, PermitLimit = quota, Window = window,
                            }), local, redis, logger);
                })
                : RateLimitPartition.GetNoLimiter(request));
        ForRequests = limiter.WithTranslatedKey<HttpContext>(Classify, leaveOpen: true);
    }

    /// <summary>The framework middleware's limiter: each request spends from the budget <see cref="Classify"/> names.</summary>
    public PartitionedRateLimiter<HttpContext> ForRequests { get; }

    public static IServiceCollection AddCmsRateLimits(IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.WindowSeconds is >= 1 and <= 86_400, "RateLimits:WindowSeconds: from 1 to 86400.")
            .Validate(o => o.AnonymousReads >= 0 && o.KeyReads >= 0 && o.Writes >= 0 && o.FailedKeys >= 0,
                "RateLimits: a budget is 0 (no limit) or more.")
            .ValidateOnStart();
        services.AddSingleton<RateLimits>();
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, o => o.AddDocumentTransformer<RateLimitsOpenApi>());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((o, limits) =>
        {
            o.GlobalLimiter = limits.ForRequests;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(limits.RefuseAsync(context.HttpContext, context.Lease));
        });
        return services;
    }

    /// <summary>
    /// Whether this address may try a key now: false after too many failed keys, and then the 429 is written.
    /// Checked before the key is looked up, so that not even a right guess gets through.
    /// </summary>
    public async ValueTask<bool> MayTryKeyAsync(HttpContext http)
    {
        // Zero permits ask whether any are left. The framework's limiter answers that only when asked synchronously
        // (asked asynchronously, it waits for the next window); the shared one only asynchronously.
        var key = (RateLimitPolicy.FailedKeys, ClientAddress(http));
        using var lease = shared ? await limiter.AcquireAsync(key, 0) : limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired)
        {
            return true;
        }
        await RefuseAsync(http, lease, RateLimitPolicy.FailedKeys);
        return false;
    }

    /// <summary>Counts a key that failed against the caller's address.</summary>
    public async ValueTask CountFailedKeyAsync(HttpContext http)
    {
        using var _ = await limiter.AcquireAsync((RateLimitPolicy.FailedKeys, ClientAddress(http)));
    }

    /// <summary>
    /// The budget a request spends: by key when it brings one that worked (reads and writes apart), else by address
    /// for reads. Requests without a key that would write, and health checks, spend none; the first are refused anyway.
    /// </summary>
    private static (RateLimitPolicy?, string) Classify(HttpContext http)
    {
        var read = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || HttpMethods.IsOptions(http.Request.Method);
        if (http.User.FindFirst(Caller.KeyIdClaim)?.Value is { } key)
        {
            return (read ? RateLimitPolicy.KeyReads : RateLimitPolicy.Writes, key);
        }
        return read && !http.Request.Path.StartsWithSegments("/health")
            ? (RateLimitPolicy.AnonymousReads, ClientAddress(http))
            : (null, "");
    }

    private int Quota(RateLimitPolicy? policy) => policy switch
    {
        RateLimitPolicy.AnonymousReads => options.AnonymousReads,
        RateLimitPolicy.KeyReads => options.KeyReads,
        RateLimitPolicy.Writes => options.Writes,
        RateLimitPolicy.FailedKeys => options.FailedKeys,
        _ => 0,
    };

    /// <summary>
    /// The address a client's budget is counted by: IPv4, or an IPv6 address's /64, which one subscriber usually holds
    /// whole. Behind a proxy this is the forwarded address when the proxy is trusted (<see cref="Proxies"/>).
    /// </summary>
    public static string ClientAddress(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string Name(RateLimitPolicy policy) => JsonNamingPolicy.CamelCase.ConvertName(policy.ToString());

    private Task RefuseAsync(HttpContext http, RateLimitLease lease) => RefuseAsync(http, lease, Classify(http).Item1!.Value);

    private async Task RefuseAsync(HttpContext http, RateLimitLease lease, RateLimitPolicy policy)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : options.WindowSeconds;
        var name = Name(policy);
        var quota = Quota(policy);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["RateLimit-Policy"] = $"\"{name}\";q={quota};w={options.WindowSeconds}";
        http.Response.Headers["RateLimit"] = $"\"{name}\";r=0;t={seconds}";
        var what = policy switch
        {
            RateLimitPolicy.AnonymousReads => "reads without a key from this address",
            RateLimitPolicy.KeyReads => "reads with this key",
            RateLimitPolicy.Writes => "writes with this key",
            _ => "unknown or expired keys from this address",
        };
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Detail = $"Too many {what}: {quota} per {options.WindowSeconds} s. Retry after {seconds} s.",
        };
        problem.Extensions["code"] = ErrorCodes.RateLimited;
        problem.Extensions["policy"] = name;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    public ValueTask DisposeAsync() => limiter.DisposeAsync();
}

/// <summary>
/// A budget shared through Redis by every replica while Redis answers, and counted by this replica alone while it does
/// not: an outage of Redis neither fails a request nor lifts the limits. As the Redis limiter itself, it answers only
/// through <see cref="RateLimiter.AcquireAsync"/>: <see cref="RateLimiter.AttemptAcquire"/> refuses while Redis is up,
/// which sends the framework's middleware on to the asynchronous call.
/// </summary>
internal sealed class SharedRateLimiter(RateLimiter shared, RateLimiter local, IConnectionMultiplexer redis, ILogger logger)
    : RateLimiter
{
    private static readonly RateLimitLease Pending = new Lease(false, null);

    public override TimeSpan? IdleDuration =>
        shared.IdleDuration is { } a && local.IdleDuration is { } b ? (a < b ? a : b) : null;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        redis.IsConnected ? Pending : local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            try
            {
                using var lease = await shared.AcquireAsync(permitCount, cancellationToken);
                // A request for no permits asks whether any are left; the Redis limiter grants it while the count
                // stands exactly at the limit.
                var exhausted = permitCount == 0
                    && lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var remaining) && remaining <= 0;
                return new Lease(lease.IsAcquired && !exhausted,
                    lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : null);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Rate limits could not reach Redis; this replica counts alone until it can");
            }
        }
        // Zero permits: see RateLimits.MayTryKeyAsync.
        return permitCount == 0 ? local.AttemptAcquire(0) : await local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}

/// <summary>Every operation can answer 429 (the failed-key budget applies to all): documented once, here.</summary>
internal sealed class RateLimitsOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            operation.Responses ??= [];
            operation.Responses["429"] = new OpenApiResponse
            {
                Description = "Too Many Requests: a budget ran out (`policy` names it: reads without a key per address, "
                    + "reads or writes per key, failed keys per address). Retry after Retry-After seconds.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = Header("Seconds to wait before trying again.",
                        new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }),
                    ["RateLimit-Policy"] = Header(
                        "The budget that ran out, as the IETF RateLimit draft gives it: `\"writes\";q=600;w=60` (name, quota, window in seconds).",
                        new OpenApiSchema { Type = JsonSchemaType.String }),
                    ["RateLimit"] = Header(
                        "What is left of it: `\"writes\";r=0;t=42` (name, remaining, seconds until it is refilled).",
                        new OpenApiSchema { Type = JsonSchemaType.String }),
                },
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ApiProblem), document) },
                },
            };
        }
        return Task.CompletedTask;
    }

    private static OpenApiHeader Header(string description, OpenApiSchema schema) =>
        new() { Description = description, Required = true, Schema = schema };
}
