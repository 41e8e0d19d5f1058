using System.Net;
using System.Text.RegularExpressions;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Operations;

/// <summary>
/// Budgets per key and per address, the 429 problem and its headers, addresses behind a trusted proxy, and (on
/// PostgreSQL with Redis) budgets shared by replicas that go on, each replica alone, while Redis is down.
/// Each test starts its own app, so that budgets spent by one do not count in another.
/// </summary>
public abstract partial class RateLimitTests
{
    /// <summary>Small budgets in a window no test outlives; 10.0.0.1 is the reverse proxy.</summary>
    protected static readonly KeyValuePair<string, string?>[] Small =
    [
        new("RateLimits:WindowSeconds", "3600"),
        new("RateLimits:Writes", "3"),
        new("RateLimits:KeyReads", "5"),
        new("RateLimits:AnonymousReads", "4"),
        new("RateLimits:FailedKeys", "3"),
        new("Proxies:Trusted:0", "10.0.0.1"),
    ];

    protected abstract Task<CmsFactory> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings);

    [Fact]
    public async Task A_key_has_a_budget_for_writes_and_another_for_reads()
    {
        await using var app = await StartAsync(Small);
        var alice = app.CreateClient(await app.CreateKey("editor"));
        var bob = app.CreateClient(await app.CreateKey("editor"));
        var names = Http.Unique("alice");
        for (var i = 0; i < 3; i++)
        {
            await (await alice.Post("/api/v1/tags", new { name = $"{names} {i}" })).Expect(HttpStatusCode.Created);
        }

        var refused = await alice.Post("/api/v1/tags", new { name = $"{names} 3" });
        var problem = await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("writes", (string?)problem["policy"]);
        Assert.Contains("3 per 3600 s", (string?)problem["detail"]);
        AssertLimitHeaders(refused, "writes", 3);
        var tags = await (await alice.GetAsync($"/api/v1/tags?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, tags["data"]!.AsArray().Count(t => ((string?)t!["name"])!.StartsWith(names, StringComparison.Ordinal)));

        // Another key writes on; this one still reads, from a budget of its own.
        await (await bob.Post("/api/v1/tags", new { name = Http.Unique("bob") })).Expect(HttpStatusCode.Created);
        for (var i = 1; i < 5; i++)
        {
            await (await alice.GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);
        }
        var tooMany = await alice.GetAsync("/api/v1/tags");
        Assert.Equal("keyReads", (string?)(await tooMany.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited"))["policy"]);
        AssertLimitHeaders(tooMany, "keyReads", 5);
    }

    [Fact]
    public async Task Reads_without_a_key_are_counted_per_address_and_the_output_cache_answers_for_free()
    {
        await using var app = await StartAsync(Small);
        var fromA = app.CreateAnonymousClient().From("203.0.113.10");
        await (await fromA.GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);
        var cached = await fromA.GetAsync("/api/v1/tags");
        await cached.Expect(HttpStatusCode.OK);
        Assert.NotNull(cached.Headers.Age);
        for (var i = 1; i < 4; i++)
        {
            await (await fromA.GetAsync($"/api/v1/articles?q=pemilu{i}")).Expect(HttpStatusCode.OK);
        }

        var refused = await fromA.GetAsync("/api/v1/articles?q=pemilu4");
        Assert.Equal("anonymousReads", (string?)(await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited"))["policy"]);
        AssertLimitHeaders(refused, "anonymousReads", 4);
        Assert.Null(refused.Headers.CacheControl?.MaxAge);
        await (await fromA.GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);
        await (await app.CreateAnonymousClient().From("203.0.113.11").GetAsync("/api/v1/articles?q=pemilu4")).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await fromA.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task After_too_many_failed_keys_an_address_cannot_try_even_the_right_one()
    {
        await using var app = await StartAsync(Small);
        var right = await app.CreateKey("reader");
        for (var i = 0; i < 3; i++)
        {
            await (await app.CreateClient($"cms_guess-{i}").From("198.51.100.7").GetAsync("/api/v1/tags"))
                .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }

        var refused = await app.CreateClient(right).From("198.51.100.7").GetAsync("/api/v1/tags");
        Assert.Equal("failedKeys", (string?)(await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited"))["policy"]);
        AssertLimitHeaders(refused, "failedKeys", 3);
        await (await app.CreateClient(right).From("198.51.100.8").GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);
        // Reading without a key is not trying one.
        await (await app.CreateAnonymousClient().From("198.51.100.7").GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failed_sign_ins_spend_the_failed_keys_budget_of_their_address()
    {
        await using var app = await StartAsync(Small);
        var person = await app.CreatePersonAsync("writer");
        for (var i = 0; i < 3; i++)
        {
            await (await app.CreateBrowserClient().From("198.51.100.9").Post("/api/v1/session", new { email = person.Email, password = $"guess {i}" }))
                .ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        }
        var refused = await app.CreateBrowserClient().From("198.51.100.9").Post("/api/v1/session", new { email = person.Email, password = People.Password });
        Assert.Equal("failedKeys", (string?)(await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited"))["policy"]);
        await app.SignInAsync(person.Email, People.Password);
    }

    [Fact]
    public async Task X_Forwarded_For_names_the_client_only_when_a_trusted_proxy_sends_it()
    {
        await using var app = await StartAsync(Small);
        var right = await app.CreateKey("reader");
        HttpClient Via(string connection, string forwardedFor, string key)
        {
            var client = app.CreateClient(key).From(connection);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            return client;
        }

        for (var i = 0; i < 3; i++)
        {
            await (await Via("10.0.0.1", "192.0.2.1", "cms_guess").GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
        await (await Via("10.0.0.1", "192.0.2.1", right).GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        // Another client behind the same proxy has its own budget.
        await (await Via("10.0.0.1", "192.0.2.2", right).GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);

        // Anyone else's header is ignored: a guesser cannot take a new address per request.
        for (var i = 0; i < 3; i++)
        {
            await (await Via("198.51.100.20", $"192.0.2.{10 + i}", "cms_guess").GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
        await (await Via("198.51.100.20", "192.0.2.20", right).GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public void An_IPv6_client_is_counted_by_its_64_and_a_mapped_IPv4_one_as_IPv4()
    {
        static string Of(string? address)
        {
            var http = new DefaultHttpContext();
            http.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
            return RateLimits.ClientAddress(http);
        }

        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2::5"));
        Assert.Equal(Of("2001:db8:1:2::5"), Of("2001:db8:1:2:ffff:1:2:3"));
        Assert.NotEqual(Of("2001:db8:1:2::5"), Of("2001:db8:1:3::5"));
        Assert.Equal("192.0.2.1", Of("::ffff:192.0.2.1"));
        Assert.Equal("192.0.2.1", Of("192.0.2.1"));
        Assert.Equal("unknown", Of(null));
    }

    /// <summary>The IETF draft's fields agree with Retry-After: nothing left, back after that many seconds.</summary>
    protected static void AssertLimitHeaders(HttpResponseMessage response, string policy, int quota)
    {
        var retryAfter = (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 1, 3600);
        Assert.Equal($"\"{policy}\";q={quota};w=3600", string.Join(",", response.Headers.GetValues("RateLimit-Policy")));
        var current = LimitField().Match(string.Join(",", response.Headers.GetValues("RateLimit")));
        Assert.True(current.Success, string.Join(",", response.Headers.GetValues("RateLimit")));
        Assert.Equal(policy, current.Groups["name"].Value);
        Assert.Equal(retryAfter, int.Parse(current.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("""^"(?<name>[a-zA-Z]+)";r=0;t=(?<t>\d+)$""")]
    private static partial Regex LimitField();
}

public sealed class RateLimitTestsOnSqlite : RateLimitTests
{
    protected override async Task<CmsFactory> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var app = new Factory(settings);
        await app.InitializeAsync();
        return app;
    }

    private sealed class Factory(IEnumerable<KeyValuePair<string, string?>> settings) : SqliteCmsFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddresses>());
        }
    }
}

public sealed class RateLimitTestsOnPostgres : RateLimitTests
{
    protected override async Task<CmsFactory> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var app = new Replica(await TestPostgres.CreateDatabaseAsync(), null, settings);
        await app.InitializeAsync();
        return app;
    }

    [Fact]
    public async Task With_Redis_replicas_share_budgets_and_count_alone_while_Redis_is_down()
    {
        var redis = await TestRedis.StartOwnAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var first = new Replica(database, redis, Small);
        await first.InitializeAsync();
        await using var second = new Replica(database, redis, Small);
        await second.InitializeAsync();
        var alice = await first.CreateKey("editor");
        var carol = await first.CreateKey("editor");

        await (await first.CreateClient(alice).Post("/api/v1/tags", new { name = Http.Unique("satu") })).Expect(HttpStatusCode.Created);
        await (await second.CreateClient(alice).Post("/api/v1/tags", new { name = Http.Unique("dua") })).Expect(HttpStatusCode.Created);
        await (await first.CreateClient(alice).Post("/api/v1/tags", new { name = Http.Unique("tiga") })).Expect(HttpStatusCode.Created);
        var refused = await second.CreateClient(alice).Post("/api/v1/tags", new { name = Http.Unique("empat") });
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertLimitHeaders(refused, "writes", 3);
        // Failed keys too: guessed on one replica, refused on the other.
        for (var i = 0; i < 3; i++)
        {
            await (await first.CreateClient("cms_guess").From("198.51.100.9").GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
        await (await second.CreateClient(carol).From("198.51.100.9").GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");

        await TestRedis.ShutdownAsync(redis);
        for (var i = 0; i < 3; i++)
        {
            await (await first.CreateClient(carol).Post("/api/v1/tags", new { name = Http.Unique("tanpa redis") })).Expect(HttpStatusCode.Created);
        }
        await (await first.CreateClient(carol).Post("/api/v1/tags", new { name = Http.Unique("tanpa redis") }))
            .ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        await (await second.CreateClient(carol).Post("/api/v1/tags", new { name = Http.Unique("replika lain") })).Expect(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            await (await second.CreateClient("cms_guess").From("198.51.100.10").GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
        await (await second.CreateClient(carol).From("198.51.100.10").GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    /// <summary>PostgreSQL, with Redis when given (all replicas of one database share its key prefix).</summary>
    private sealed class Replica(string database, string? redis, IEnumerable<KeyValuePair<string, string?>> settings) : PostgresCmsFactory
    {
        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(database);

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => redis is null ? settings :
            settings.Concat([new("Cache:Redis", redis), new("Cache:RedisPrefix", $"cms-test-{database.GetHashCode():x}:")]);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddresses>());
        }
    }
}
