using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// The output cache is a copy: when its Redis is down, reads are answered from the database (never a
/// 500, never an old version), and quickly, not after a timeout per request.
/// </summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task With_Redis_unreachable_from_the_start_reads_and_writes_are_answered_from_the_database()
    {
        var nobodyListens = $"127.0.0.1:{TestPostgres.FreePort()}";
        await using var app = new ReplicaFactory(await TestPostgres.CreateDatabaseAsync(), nobodyListens);
        await app.InitializeAsync();
        var editor = app.CreateClient();
        var reader = app.CreateAnonymousClient();
        var tag = await editor.CreateTag();
        var article = await editor.PublishArticle("Redis Mati Sejak Awal", tag);
        string[] urls = [$"/api/v1/articles/{article["id"]}", $"/api/v1/articles?tag={tag["slug"]}", "/api/v1/authors", "/api/v1/tags"];

        foreach (var url in urls)
        {
            await ReadQuickly(reader, url);
            await ReadQuickly(reader, url);
        }
        var current = await editor.GetAsync(urls[0]);
        await (await editor.Patch(urls[0], new { title = "Redis Mati Tetap Baru" }, current.ETag())).Expect(HttpStatusCode.OK);

        Assert.Contains("Redis Mati Tetap Baru", await ReadQuickly(reader, urls[0]));
        Assert.Contains("Redis Mati Tetap Baru", await ReadQuickly(reader, urls[1]));
    }

    [Fact]
    public async Task When_Redis_goes_away_readers_get_the_database_and_never_the_old_version()
    {
        var redis = await TestRedis.StartOwnAsync();
        await using var app = new ReplicaFactory(await TestPostgres.CreateDatabaseAsync(), redis);
        await app.InitializeAsync();
        var editor = app.CreateClient();
        var reader = app.CreateAnonymousClient();
        var tag = await editor.CreateTag();
        var article = await editor.PublishArticle("Sebelum Redis Pergi", tag);
        var url = $"/api/v1/articles/{article["id"]}";
        var list = $"/api/v1/articles?tag={tag["slug"]}";
        await reader.GetAsync(url);
        await reader.GetAsync(list);
        var cached = await reader.GetAsync(url);
        Assert.True(cached.Headers.Age is not null, "the second read should come from Redis");

        await TestRedis.ShutdownAsync(redis);
        var current = await editor.GetAsync(url);
        await (await editor.Patch(url, new { title = "Sesudah Redis Pergi" }, current.ETag())).Expect(HttpStatusCode.OK);

        var article2 = await ReadQuickly(reader, url);
        Assert.Contains("Sesudah Redis Pergi", article2);
        Assert.DoesNotContain("Sebelum Redis Pergi", article2);
        Assert.Contains("Sesudah Redis Pergi", await ReadQuickly(reader, list));
        var again = await reader.GetAsync(url);
        Assert.Null(again.Headers.Age);
    }

    [Fact]
    public async Task Writes_while_Redis_is_cut_off_are_quick_and_what_was_cached_before_is_not_served_after()
    {
        await using var relay = new TcpRelay(IPEndPoint.Parse(await TestRedis.StartOwnAsync()));
        await using var app = new ReplicaFactory(await TestPostgres.CreateDatabaseAsync(), relay.Address);
        await app.InitializeAsync();
        var redis = app.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        var editor = app.CreateClient();
        var reader = app.CreateAnonymousClient();
        var article = await editor.PublishArticle("Sebelum Jaringan Putus");
        var url = $"/api/v1/articles/{article["id"]}";
        await reader.GetAsync(url);
        Assert.NotNull((await reader.GetAsync(url)).Headers.Age);

        relay.Cut();
        await Waiting.Until(() => !redis.IsConnected, "the app did not notice that Redis was cut off");
        for (var i = 1; i <= 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var current = await editor.GetAsync(url);
            await (await editor.Patch(url, new { title = $"Selama Putus {i}" }, current.ETag())).Expect(HttpStatusCode.OK);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"a write took {watch.Elapsed.TotalSeconds:F1} s");
        }
        relay.Restore();
        await Waiting.Until(() => redis.IsConnected, "the app did not reconnect to Redis");

        // Redis kept the entry cached before the outage; no reader gets it.
        Assert.Contains("Selama Putus 3", await ReadQuickly(reader, url));
        var again = await reader.GetAsync(url);
        Assert.Contains("Selama Putus 3", (await again.Expect(HttpStatusCode.OK)).ToJsonString());
        Assert.NotNull(again.Headers.Age);
    }

    /// <summary>A 200 within two seconds: a down cache must not cost each reader a timeout.</summary>
    private static async Task<string> ReadQuickly(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync(url);
        var body = (await response.Expect(HttpStatusCode.OK)).ToJsonString();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{url} took {watch.Elapsed.TotalSeconds:F1} s");
        return body;
    }
}
