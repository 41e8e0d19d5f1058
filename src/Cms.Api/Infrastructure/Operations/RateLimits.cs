using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Cms.Api.Infrastructure;

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

    public RateLimits(IOptions<RateLimitOptions> options, IServiceProvider services, ILogger<RateLimits> logger)
    {
        this.options = options.Value;
        window = TimeSpan.FromSeconds(this.options.WindowSeconds);
        var redis = SharedRedis.IsConfigured(services) ? services.GetRequiredService<IConnectionMultiplexer>() : null;
        var prefix = SharedRedis.Prefix(services);
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
    /// (reads and writes apart: the only write without a key that succeeds is a batch of views). Health checks spend none.
    /// </summary>
    private static (RateLimitPolicy?, string) Classify(HttpContext http)
    {
        var read = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || HttpMethods.IsOptions(http.Request.Method);
        if (http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } key)
        {
            return (read ? RateLimitPolicy.KeyReads : RateLimitPolicy.Writes, key);
        }
        return http.Request.Path.StartsWithSegments("/health") ? (null, "")
            : (read ? RateLimitPolicy.AnonymousReads : RateLimitPolicy.AnonymousWrites, ClientAddress(http));
    }

    private int Quota(RateLimitPolicy? policy) => policy switch
    {
        RateLimitPolicy.AnonymousReads => options.AnonymousReads,
        RateLimitPolicy.AnonymousWrites => options.AnonymousWrites,
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

    internal Task RefuseAsync(HttpContext http, RateLimitLease lease) => RefuseAsync(http, lease, Classify(http).Item1!.Value);

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
            RateLimitPolicy.AnonymousWrites => "writes without a key (views) from this address",
            RateLimitPolicy.KeyReads => "reads with this key",
            RateLimitPolicy.Writes => "writes with this key",
            _ => "unknown or expired keys, failed sign-ins and wrong password links from this address",
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
