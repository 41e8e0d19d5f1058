using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Delivery;

namespace Cms.Api.Tests.Live;

/// <summary>
/// Live coverage across two replicas on one PostgreSQL and one Redis: an update posted through one reaches the other's
/// streams through PostgreSQL's notifications (well before the readers' 30-second ping would find it), its polling
/// answer is fresh there, a replica that stops closes its streams, and a reader that reconnects to another replica with
/// Last-Event-ID gets what it missed exactly once.
/// </summary>
public sealed class LiveReplicaTests
{
    [Fact]
    public async Task An_update_posted_through_one_replica_reaches_the_other_and_a_reconnect_after_a_restart_loses_nothing()
    {
        var (database, redis) = (await TestPostgres.CreateDatabaseAsync(), await TestRedis.ConnectionStringAsync());
        await using var a = new ReplicaFactory(database, redis);
        await a.InitializeAsync();
        var b = new ReplicaFactory(database, redis);
        await b.InitializeAsync();
        var editor = a.CreateClient();
        var story = await editor.PublishArticle(Http.Unique("Sidang Paripurna"));
        var id = (string)story["id"]!;
        await (await editor.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);
        var stream = $"/api/v1/articles/{id}/updates/stream";
        var onB = b.CreateAnonymousClient();
        Assert.Equal(0, (long)(await (await onB.GetAsync($"/api/v1/articles/{id}/updates")).Expect(HttpStatusCode.OK))["lastSequence"]!);

        var sse = await SseClient.OpenAsync(onB, stream);
        Assert.Equal("retry: 3000", await sse.NextLineAsync());
        var posted = Stopwatch.StartNew();
        await (await editor.Post($"/api/v1/articles/{id}/updates", new { body = "Sidang dibuka." })).Expect(HttpStatusCode.Created);
        var first = await sse.NextEventAsync(TimeSpan.FromSeconds(5));
        var latency = posted.Elapsed;
        Assert.Equal(("1", "update.created"), (first.Id, first.Event));
        Assert.True(latency < TimeSpan.FromSeconds(5), $"took {latency}");
        // B's cached polling answer was evicted by A's write (the scopes' versions live in Redis).
        var poll = await (await onB.GetAsync($"/api/v1/articles/{id}/updates")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)poll["lastSequence"]!);

        // B stops: its stream ends cleanly rather than hanging, so the reader reconnects.
        var stopping = b.DisposeAsync();
        await sse.EndedAsync();
        await stopping;
        await sse.DisposeAsync();

        await (await editor.Post($"/api/v1/articles/{id}/updates", new { body = "Interupsi pertama." })).Expect(HttpStatusCode.Created);
        await (await editor.Post($"/api/v1/articles/{id}/updates", new { body = "Interupsi kedua." })).Expect(HttpStatusCode.Created);

        // B again (a restart): the reader comes back with the last id it saw and misses nothing, nothing twice.
        await using var restarted = new ReplicaFactory(database, redis);
        await restarted.InitializeAsync();
        await using var again = await SseClient.OpenAsync(restarted.CreateAnonymousClient(), stream, lastEventId: first.Id);
        Assert.Equal(("2", "update.created"), Pick(await again.NextEventAsync()));
        Assert.Equal(("3", "update.created"), Pick(await again.NextEventAsync()));
        await (await editor.Post($"/api/v1/articles/{id}/updates", new { body = "Palu diketuk." })).Expect(HttpStatusCode.Created);
        var fourth = await again.NextEventAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("4", "update.created"), Pick(fourth));
        Assert.Equal("Palu diketuk.", (string)JsonNode.Parse(fourth.Data)!["body"]!);
        Assert.Equal(["2", "3", "4"], again.Parsed().Select(e => e.EventId));
    }

    private static (string, string) Pick((string Id, string Event, string Data) e) => (e.Id, e.Event);
}
