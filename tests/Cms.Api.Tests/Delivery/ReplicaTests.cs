using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Delivery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// One replica of the app: a given PostgreSQL database, the output cache in a given Redis; with a gate,
/// its responses wait before they are stored (see <see cref="StoreGate"/>).
/// </summary>
public sealed class ReplicaFactory(string database, string redis, StoreGate? gate = null, TimeProvider? clock = null) : PostgresCmsFactory
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(database);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Cache:Redis", redis), new("Cache:RedisPrefix", $"cms-test-{database.GetHashCode():x}:")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (gate is not null)
        {
            builder.ConfigureTestServices(services => StoreGate.Install(services, gate));
        }
        if (clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(clock));
        }
    }
}

/// <summary>Two instances of the app on one PostgreSQL database and one Redis, as two replicas behind a balancer.</summary>
public sealed class TwoReplicas : IAsyncLifetime
{
    public ReplicaFactory First { get; private set; } = null!;
    public ReplicaFactory Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var redis = await TestRedis.ConnectionStringAsync();
        First = new ReplicaFactory(database, redis);
        await First.InitializeAsync();
        Second = new ReplicaFactory(database, redis);
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}

/// <summary>
/// A reader on one replica that read the old version before an edit through the other, and is slow to
/// store it: its store comes after the editor's 200 and must not put the old version back, on neither replica.
/// </summary>
public sealed class LateStoreTests
{
    [Fact]
    public async Task A_response_stored_after_an_edit_on_another_replica_is_refused_not_served()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var redis = await TestRedis.StartOwnAsync();
        var gate = new StoreGate();
        await using var writer = new ReplicaFactory(database, redis);
        await writer.InitializeAsync();
        await using var slow = new ReplicaFactory(database, redis, gate);
        await slow.InitializeAsync();
        var editor = writer.CreateClient();
        var article = await editor.PublishArticle("Sebelum Koreksi");
        var url = $"/api/v1/articles/{article["id"]}";
        gate.Arm((string)article["id"]!);

        // The slow replica's reader has the old version and is about to store it.
        var late = slow.CreateAnonymousClient().GetAsync(url);
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var current = await editor.GetAsync(url);
        await (await editor.Patch(url, new { title = "Sesudah Koreksi" }, current.ETag())).Expect(HttpStatusCode.OK);
        gate.Release();
        Assert.Contains("Sebelum Koreksi", (await (await late).Expect(HttpStatusCode.OK)).ToJsonString());
        await gate.Stored.WaitAsync(TimeSpan.FromSeconds(10)); // stored late, under the key of before the edit

        // Straight after its store, on both replicas: the edit, and not from a stored old response.
        foreach (var reader in new[] { slow.CreateAnonymousClient(), writer.CreateAnonymousClient() })
        {
            var seen = await reader.GetAsync(url);
            var body = (await seen.Expect(HttpStatusCode.OK)).ToJsonString();
            Assert.Contains("Sesudah Koreksi", body);
            Assert.DoesNotContain("Sebelum Koreksi", body);
        }
        await TestRedis.ShutdownAsync(redis);
    }
}

/// <summary>Writes through one replica, reads through the other: no read ever sees what was replaced.</summary>
public sealed class ReplicaTests(TwoReplicas replicas) : IClassFixture<TwoReplicas>
{
    private readonly HttpClient _editor = replicas.First.CreateClient();
    private readonly HttpClient _firstReader = replicas.First.CreateAnonymousClient();
    private readonly HttpClient _secondReader = replicas.Second.CreateAnonymousClient();

    [Fact]
    public async Task The_replicas_share_one_cache()
    {
        var tag = await _editor.CreateTag();
        var article = await _editor.PublishArticle("Dibaca Dua Kali", tag);

        var first = await _secondReader.GetAsync($"/api/v1/articles/{article["id"]}");
        var second = await _firstReader.GetAsync($"/api/v1/articles/{article["id"]}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task After_an_edit_through_one_replica_the_other_never_serves_the_old_version()
    {
        var tag = await _editor.CreateTag();
        var article = await _editor.PublishArticle("Versi 0", tag);
        string[] urls = [$"/api/v1/articles/{article["id"]}", $"/api/v1/articles/slug/{article["slug"]}", $"/api/v1/articles/slug/{article["slug"]}/jsonld",
            $"/api/v1/articles?tag={tag["slug"]}", "/api/v1/articles", "/api/v1/sync?limit=500"];

        for (var version = 1; version <= 5; version++)
        {
            foreach (var url in urls)
            {
                Assert.Contains($"Versi {version - 1}", await Read(_secondReader, url));
                Assert.Contains($"Versi {version - 1}", await Read(_firstReader, url));
            }
            var current = await _editor.GetAsync($"/api/v1/articles/{article["id"]}");
            await (await _editor.Patch($"/api/v1/articles/{article["id"]}", new { title = $"Versi {version}" }, current.ETag()))
                .Expect(HttpStatusCode.OK);
            foreach (var url in urls)
            {
                var seen = await Read(_secondReader, url);
                Assert.False(seen.Contains($"Versi {version - 1}"), $"{url} on the second replica still shows version {version - 1}");
                Assert.Contains($"Versi {version}", seen);
            }
        }
    }

    [Fact]
    public async Task A_draft_saved_through_one_replica_leaves_the_others_cached_stories_in_place()
    {
        var tag = await _editor.CreateTag();
        var article = await _editor.PublishArticle("Tetap Tersimpan", tag);
        var url = $"/api/v1/articles/slug/{article["slug"]}";
        Assert.Contains("Tetap Tersimpan", await Read(_secondReader, url));
        await using (var scope = replicas.First.Services.CreateAsyncScope())
        {
            var id = Guid.Parse((string)article["id"]!);
            await scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>().Articles.Where(a => a.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "Berubah di Basis Data"));
        }

        var draft = await _editor.CreateArticle(new { title = "Draf" });
        await (await _editor.Patch($"/api/v1/articles/{draft["id"]}", new { body = "Autosave." }, "*")).Expect(HttpStatusCode.OK);

        // Nothing a reader sees changed, so the shared cache still answers; a publish evicts it on both.
        Assert.Contains("Tetap Tersimpan", await Read(_secondReader, url));
        await (await _editor.Patch($"/api/v1/articles/{article["id"]}", new { subtitle = "Baru" }, "*")).Expect(HttpStatusCode.OK);
        Assert.Contains("Berubah di Basis Data", await Read(_secondReader, url));
    }

    [Fact]
    public async Task Concurrent_readers_on_the_other_replica_never_see_an_edit_undone()
    {
        var tag = await _editor.CreateTag();
        var article = await _editor.PublishArticle("Putaran 0", tag);
        var url = $"/api/v1/articles/{article["id"]}";
        using var stop = new CancellationTokenSource();
        var confirmed = 0;
        var stale = new List<string>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = Volatile.Read(ref confirmed);
                var title = (string?)JsonNode.Parse(await Read(_secondReader, url))!["title"];
                var round = int.Parse(title!.Split(' ')[1]);
                if (round < before)
                {
                    lock (stale)
                    {
                        stale.Add($"read round {round} after round {before} was confirmed");
                    }
                }
            }
        })).ToList();

        for (var round = 1; round <= 15; round++)
        {
            var current = await _editor.GetAsync(url);
            await (await _editor.Patch(url, new { title = $"Putaran {round}" }, current.ETag())).Expect(HttpStatusCode.OK);
            Volatile.Write(ref confirmed, round);
            await Task.Delay(30); // pacing, not waiting: the readers get reads in between the edits
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(stale);
    }

    private static async Task<string> Read(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).Expect(HttpStatusCode.OK)).ToJsonString();
}

/// <summary>A story scheduled through one replica goes live on its minute when read through the other.</summary>
public sealed class ReplicaScheduleTests(TwoReplicas replicas) : IClassFixture<TwoReplicas>
{
    [Fact]
    public async Task A_story_scheduled_through_one_replica_appears_through_the_other_on_its_minute()
    {
        var editor = replicas.First.CreateClient();
        var reader = replicas.Second.CreateAnonymousClient();
        var tag = await editor.CreateTag();
        await editor.PublishArticle("Sudah Terbit", tag);
        var list = $"/api/v1/articles?tag={tag["slug"]}";
        Assert.Single((await (await reader.GetAsync(list)).Expect(HttpStatusCode.OK))["data"]!.AsArray());

        var author = await editor.CreateAuthor();
        var at = DateTimeOffset.UtcNow.AddSeconds(3);
        var scheduled = await editor.CreateArticle(new
        {
            title = "Terbit Terjadwal", body = "Isi.", status = "published", publishedAt = at.ToString("O"),
            tags = new[] { new { tagId = (string)tag["id"]! } }, authors = new[] { new { authorId = (string)author["id"]! } },
        });
        Assert.Single((await (await reader.GetAsync(list)).Expect(HttpStatusCode.OK))["data"]!.AsArray());
        Assert.Single((await (await reader.GetAsync(list)).Expect(HttpStatusCode.OK))["data"]!.AsArray());

        // The event is the clock's: the story's minute.
        await Task.Delay(at - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var seen = (await (await reader.GetAsync(list)).Expect(HttpStatusCode.OK))["data"]!.AsArray();
        Assert.Equal((string?)scheduled["id"], (string?)seen[0]!["id"]);
    }
}
