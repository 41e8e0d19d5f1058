using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace Cms.Api.Tests.Collections;

/// <summary>
/// Collections and views across two replicas on one PostgreSQL and one Redis, on one clock the test moves: what one
/// replica is told, readers of the other see; views counted through either rank together; and a Redis outage drops
/// views, never answering an error, while most read keeps its last ranking.
/// </summary>
public sealed class CollectionReplicaTests
{
    private static async Task<JsonNode> Story(HttpClient editor, string title, FakeTimeProvider clock) =>
        await editor.CreateArticle(new
        {
            title, status = "published", publishedAt = clock.GetUtcNow().AddMinutes(-30).ToString("O"),
            authors = new[] { new { authorId = (string)(await editor.CreateAuthor())["id"]! } },
        });

    private static async Task<List<string?>> Titles(HttpClient reader, string slug) =>
        (await (await reader.GetAsync($"/api/v1/collections/{slug}")).Expect(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(i => (string?)i!["title"]).ToList();

    [Fact]
    public async Task A_scheduled_arrangement_and_a_story_unpublished_through_one_replica_are_seen_through_the_other()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (database, redis) = (await TestPostgres.CreateDatabaseAsync(), await TestRedis.ConnectionStringAsync());
        await using var a = new ReplicaFactory(database, redis, clock: clock);
        await a.InitializeAsync();
        await using var b = new ReplicaFactory(database, redis, clock: clock);
        await b.InitializeAsync();
        var editor = a.CreateClient();
        var reader = b.CreateAnonymousClient();
        var (lead, second, tomorrow) = (await Story(editor, "Utama Hari Ini", clock), await Story(editor, "Kedua Hari Ini", clock),
            await Story(editor, "Utama Besok", clock));
        await (await editor.Post("/api/v1/collections", new
        {
            slug = "utama", name = "Utama", kind = "manual", capacity = 3,
            items = new[] { new { articleId = (string)lead["id"]! }, new { articleId = (string)second["id"]! } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(["Utama Hari Ini", "Kedua Hari Ini"], await Titles(reader, "utama"));
        Assert.Equal(["Utama Hari Ini", "Kedua Hari Ini"], await Titles(reader, "utama")); // from B's cache, in Redis

        await (await editor.Send(HttpMethod.Post, $"/api/v1/articles/{second["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Utama Hari Ini"], await Titles(reader, "utama"));

        await (await editor.Post("/api/v1/collections/utama/arrangements", new
        {
            effectiveAt = clock.GetUtcNow().AddHours(8).ToString("O"), items = new[] { new { articleId = (string)tomorrow["id"]! } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(["Utama Hari Ini"], await Titles(reader, "utama"));
        clock.Advance(TimeSpan.FromHours(8));
        Assert.Equal(["Utama Besok"], await Titles(reader, "utama"));
        Assert.Equal(["Utama Besok"], await Titles(a.CreateAnonymousClient(), "utama"));
    }

    [Fact]
    public async Task Views_through_either_replica_rank_together_and_a_redis_outage_drops_views_but_not_the_ranking()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var redis = await TestRedis.StartOwnAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var a = new ReplicaFactory(database, redis, clock: clock);
        await a.InitializeAsync();
        await using var b = new ReplicaFactory(database, redis, clock: clock);
        await b.InitializeAsync();
        var editor = a.CreateClient();
        var (first, second) = (await Story(editor, "Dibaca Lewat Dua", clock), await Story(editor, "Dibaca Lewat Satu", clock));
        await (await editor.Post("/api/v1/collections", new { slug = "terpopuler", name = "Terpopuler", kind = "mostRead", capacity = 5, window = "24h" }))
            .Expect(HttpStatusCode.Created);

        async Task<HttpStatusCode> View(ReplicaFactory replica, string client, JsonNode story) =>
            (await replica.CreateAnonymousClient().Post("/api/v1/views", new { articles = new[] { (string)story["id"]! }, client })).StatusCode;
        Assert.Equal(HttpStatusCode.Accepted, await View(a, "satu", first));
        Assert.Equal(HttpStatusCode.Accepted, await View(b, "dua", first));
        Assert.Equal(HttpStatusCode.Accepted, await View(b, "satu", first)); // the same client, through the other replica: once
        Assert.Equal(HttpStatusCode.Accepted, await View(a, "tiga", second));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Dibaca Lewat Dua", "Dibaca Lewat Satu"], await Titles(b.CreateAnonymousClient(), "terpopuler"));

        // Redis goes: views are dropped (and counted as such), the ranking each replica last had is still answered.
        var dropped = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "cms.views")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "dropped" })
                {
                    Interlocked.Add(ref dropped, value);
                }
            }
        });
        listener.Start();
        await TestRedis.ShutdownAsync(redis);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await View(a, $"pembaca-{i}", second));
        }
        Assert.True(Interlocked.Read(ref dropped) >= 3, $"dropped views counted: {dropped}");
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Dibaca Lewat Dua", "Dibaca Lewat Satu"], await Titles(b.CreateAnonymousClient(), "terpopuler"));
        Assert.Equal(HttpStatusCode.OK, (await a.CreateAnonymousClient().GetAsync("/api/v1/collections/terpopuler")).StatusCode);
    }

    [Fact]
    public async Task A_rankings_next_bucket_is_the_last_one_moved_by_a_bucket_and_equals_the_whole_windows_union()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var redis = await TestRedis.StartOwnAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var app = new ReplicaFactory(database, redis, clock: clock);
        await app.InitializeAsync();
        var editor = app.CreateClient();
        var reader = app.CreateAnonymousClient();
        var (early, later, never) = (await Story(editor, "Dibaca Pertama", clock), await Story(editor, "Dibaca Kemudian", clock),
            await Story(editor, "Tak Pernah Dibaca", clock));
        await (await editor.Post("/api/v1/collections", new { slug = "sejam", name = "Sejam", kind = "mostRead", capacity = 5, window = "1h" }))
            .Expect(HttpStatusCode.Created);
        async Task View(JsonNode story, int times)
        {
            for (var i = 0; i < times; i++)
            {
                await (await reader.Post("/api/v1/views", new { articles = new[] { (string)story["id"]! }, client = $"c{Guid.NewGuid():N}" }))
                    .Expect(HttpStatusCode.Accepted);
            }
        }

        await View(early, 3);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Dibaca Pertama"], await Titles(reader, "sejam"));
        await View(later, 2);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Dibaca Pertama", "Dibaca Kemudian"], await Titles(reader, "sejam"));

        // The next ranking is made from this one: a member put into it shows in the next, so the chain is what ranks.
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var current = server.Keys(pattern: "*views:rank:12:*").Select(k => k.ToString()).MaxBy(k => long.Parse(k.Split(':')[^1]))!;
        await connection.GetDatabase().SortedSetAddAsync(current, (string)never["id"]!, 100);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Tak Pernah Dibaca", "Dibaca Pertama", "Dibaca Kemudian"], await Titles(reader, "sejam"));

        // Bucket by bucket to the end of the hour of the first views: they leave the window, the later ones stay.
        for (var step = 3; step < 12; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await Titles(reader, "sejam");
        }
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Tak Pernah Dibaca", "Dibaca Kemudian"], await Titles(reader, "sejam"));

        // Made afresh from the window's buckets (no ranking of the bucket before), the same but for the planted member (read
        // by another URL: the first replica's response to the plain one is in the shared cache).
        foreach (var key in server.Keys(pattern: "*views:rank:*"))
        {
            await connection.GetDatabase().KeyDeleteAsync(key);
        }
        await using var fresh = new ReplicaFactory(database, redis, clock: clock);
        await fresh.InitializeAsync();
        var afresh = await (await fresh.CreateAnonymousClient().GetAsync("/api/v1/collections/sejam?fields=title")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Dibaca Kemudian"], afresh["items"]!.AsArray().Select(i => (string?)i!["title"]));
    }
}
