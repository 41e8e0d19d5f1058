using System.Diagnostics;
using System.Net;
using Npgsql;

namespace Cms.Api.Tests.Operations;

/// <summary>
/// PostgreSQL going away under the app, through a relay that can cut or silence the connection while the server keeps
/// its data: 503 problems with Retry-After at once, cached reads still served, readiness failing while liveness holds,
/// and recovery without a restart, with no acknowledged write lost and no refused write half done.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_PostgreSQL_is_gone_requests_get_503_cached_reads_go_on_and_the_app_recovers_by_itself()
    {
        await using var app = await RelayedPostgres.StartAsync();
        var editor = app.CreateClient();
        var reader = app.CreateAnonymousClient();
        var article = await editor.PublishArticle("Sebelum Basis Data Mati");
        var url = $"/api/v1/articles/{article["id"]}";
        await reader.GetAsync(url);
        Assert.NotNull((await reader.GetAsync(url)).Headers.Age);
        var before = await editor.GetAsync(url);

        app.Relay.Cut();
        await Unavailable(await Timed(() => editor.GetAsync(url), TimeSpan.FromSeconds(3)));
        await Unavailable(await Timed(() => editor.Patch(url, new { title = "Selama Mati" }, before.ETag()), TimeSpan.FromSeconds(3)));
        await Unavailable(await Timed(() => reader.GetAsync("/api/v1/authors?page=7"), TimeSpan.FromSeconds(3)));
        var cached = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.NotNull(cached.Headers.Age);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Timed(() => reader.GetAsync("/health/ready"), TimeSpan.FromSeconds(3))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/health/live")).StatusCode);

        app.Relay.Restore();
        var deadline = Stopwatch.StartNew();
        while ((await editor.GetAsync(url)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the app did not recover within 10 s");
        }
        // Every pooled connection that died with the server is gone, not waiting for a request to fail on it.
        for (var i = 0; i < 30; i++)
        {
            await (await editor.GetAsync(url)).Expect(HttpStatusCode.OK);
        }
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/health/ready")).StatusCode);
        var after = await (await editor.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("Sebelum Basis Data Mati", (string?)after["title"]);
        Assert.Equal(before.ETag(), (await editor.GetAsync(url)).ETag());
        await (await editor.Patch(url, new { title = "Sesudah Pulih" }, before.ETag())).Expect(HttpStatusCode.OK);
        Assert.Contains("Sesudah Pulih", (await (await reader.GetAsync(url)).Expect(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task A_server_that_does_not_answer_gives_503_within_the_connect_timeout_not_a_hang()
    {
        await using var app = await RelayedPostgres.StartAsync(connectTimeoutSeconds: 2);
        var editor = app.CreateClient();
        await (await editor.GetAsync("/api/v1/tags")).Expect(HttpStatusCode.OK);

        app.Relay.Hold();
        for (var i = 0; i < 3; i++)
        {
            await Unavailable(await Timed(() => editor.GetAsync($"/api/v1/tags?page={i + 2}"), TimeSpan.FromSeconds(5)));
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Timed(() => editor.GetAsync("/health/ready"), TimeSpan.FromSeconds(5))).StatusCode);

        app.Relay.Restore();
        var deadline = Stopwatch.StartNew();
        while ((await editor.GetAsync("/api/v1/tags")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the app did not recover within 10 s");
        }
    }

    private static async Task Unavailable(HttpResponseMessage response)
    {
        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.InRange((int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    private static async Task<HttpResponseMessage> Timed(Func<Task<HttpResponseMessage>> request, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var response = await request();
        Assert.True(watch.Elapsed < limit, $"the answer took {watch.Elapsed.TotalSeconds:F1} s");
        return response;
    }

    /// <summary>The app on a database of the test server, reached through a <see cref="TcpRelay"/>.</summary>
    private sealed class RelayedPostgres(TcpRelay relay, string database, int? connectTimeoutSeconds) : PostgresCmsFactory
    {
        public TcpRelay Relay => relay;

        public static async Task<RelayedPostgres> StartAsync(int? connectTimeoutSeconds = null)
        {
            var database = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync());
            var server = (await Dns.GetHostAddressesAsync(database.Host!))[0];
            var relay = new TcpRelay(new IPEndPoint(server, database.Port));
            var app = new RelayedPostgres(relay, database.ConnectionString, connectTimeoutSeconds);
            await app.InitializeAsync();
            return app;
        }

        protected override Task<string> CreateDatabaseAsync()
        {
            var relayed = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = int.Parse(relay.Address.Split(':')[1]) };
            if (connectTimeoutSeconds is { } seconds)
            {
                relayed.Timeout = seconds;
            }
            return Task.FromResult(relayed.ConnectionString);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await relay.DisposeAsync();
        }
    }
}
