using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Live;

/// <summary>
/// Live coverage end to end: a story's coverage started and ended, updates posted, edited, pinned and deleted under the
/// rules of who may, the reads (the story's own, the paged list, the polling answer) and the stream, read raw and with
/// the framework's SSE parser.
/// </summary>
public abstract class LiveTests(CmsFactory factory)
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _reader = factory.CreateAnonymousClient();

    private async Task<(JsonNode Story, string Id)> LiveStory(bool published = true)
    {
        var story = published ? await _editor.PublishArticle(Http.Unique("Pemilu Langsung")) : await _editor.CreateArticle();
        var id = (string)story["id"]!;
        await (await _editor.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);
        return (story, id);
    }

    private static async Task<JsonNode> Post(HttpClient client, string id, string body, string? headline = null, object? authors = null) =>
        await (await client.Post($"/api/v1/articles/{id}/updates", new { headline, body, authors })).Expect(HttpStatusCode.Created);

    [Fact]
    public async Task Updates_are_posted_read_newest_first_with_the_pinned_one_first_and_the_story_carries_the_newest()
    {
        var (_, id) = await LiveStory();
        var author = await _editor.CreateAuthor("Rina Wartawan");
        var first = await Post(_editor, id, "TPS dibuka pukul **07.00** WIB.", "Pemungutan suara dimulai", new[] { author["id"] });
        var second = await Post(_editor, id, "Antrean panjang di Jakarta Selatan.");
        var third = await Post(_editor, id, "Hasil hitung cepat pertama masuk.");

        Assert.Equal(1, (long)first["sequence"]!);
        Assert.Equal(3, (long)third["sequence"]!);
        Assert.Contains("<strong>07.00</strong>", (string)first["bodyHtml"]!);
        Assert.Equal("Rina Wartawan", (string)first["authors"]![0]!["name"]!);
        Assert.EndsWith("+07:00", (string)first["publishedAtLocal"]!);

        var page = await (await _reader.GetAsync($"/api/v1/articles/{id}/updates")).Expect(HttpStatusCode.OK);
        Assert.Equal([third["id"]!.ToString(), second["id"]!.ToString(), first["id"]!.ToString()],
            page["items"]!.AsArray().Select(u => u!["id"]!.ToString()));
        Assert.Equal(3, (int)page["total"]!);
        Assert.Equal(3, (long)page["lastSequence"]!);

        // Pinning the first puts it first; the paged list goes on after it without repeating it.
        var pinned = await (await _editor.Post($"/api/v1/articles/{id}/updates/{first["id"]}/pin", new { })).Expect(HttpStatusCode.OK);
        Assert.True((bool)pinned["pinned"]!);
        var head = await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?pageSize=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([first["id"]!.ToString(), third["id"]!.ToString()], head["items"]!.AsArray().Select(u => u!["id"]!.ToString()));
        var rest = await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?pageSize=2&cursor={head["nextCursor"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal([second["id"]!.ToString()], rest["items"]!.AsArray().Select(u => u!["id"]!.ToString()));
        Assert.Null(rest["nextCursor"]);

        // Pinning another unpins the first: one pinned update at most.
        await (await _editor.Post($"/api/v1/articles/{id}/updates/{second["id"]}/pin", new { })).Expect(HttpStatusCode.OK);
        var story = await (await _reader.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
        var live = story["live"]!;
        Assert.Null(live["endedAt"]);
        Assert.Equal(3, (int)live["total"]!);
        Assert.Equal(second["id"]!.ToString(), live["updates"]![0]!["id"]!.ToString());
        Assert.Single(live["updates"]!.AsArray(), u => (bool)u!["pinned"]!);
        var bySlug = await (await _reader.GetAsync($"/api/v1/articles/slug/{story["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, (int)bySlug["live"]!["total"]!);
    }

    [Fact]
    public async Task After_a_sequence_a_poll_gets_only_what_was_posted_changed_or_deleted_since()
    {
        var (_, id) = await LiveStory();
        var first = await Post(_editor, id, "Satu.");
        var second = await Post(_editor, id, "Dua.");
        var seen = await (await _reader.GetAsync($"/api/v1/articles/{id}/updates")).Expect(HttpStatusCode.OK);
        var since = (long)seen["lastSequence"]!;

        var nothing = await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?after={since}")).Expect(HttpStatusCode.OK);
        Assert.Empty(nothing["items"]!.AsArray());
        Assert.Empty(nothing["deleted"]!.AsArray());

        var third = await Post(_editor, id, "Tiga.");
        var read = await _editor.GetAsync($"/api/v1/articles/{id}/updates/{first["id"]}");
        await (await _editor.Put($"/api/v1/articles/{id}/updates/{first["id"]}", new { body = "Satu, diralat." }, read.ETag()))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/articles/{id}/updates/{second["id"]}")).StatusCode);

        var poll = await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?after={since}")).Expect(HttpStatusCode.OK);
        Assert.Equal([third["id"]!.ToString(), first["id"]!.ToString()], poll["items"]!.AsArray().Select(u => u!["id"]!.ToString()));
        Assert.NotNull(poll["items"]![1]!["editedAt"]);
        Assert.Equal([second["id"]!.ToString()], poll["deleted"]!.AsArray().Select(d => d!.ToString()));
        Assert.Equal(since + 3, (long)poll["lastSequence"]!);
        Assert.Equal(2, (int)poll["total"]!);

        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?after=-1")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "after");
        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?cursor=abc")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "cursor");
        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates?pageSize=101")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "pageSize");
    }

    [Fact]
    public async Task Writers_post_and_edit_their_own_editors_edit_delete_and_pin_any()
    {
        var (_, id) = await LiveStory();
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        var otherWriter = factory.CreateClient(await factory.CreateKey("writer"));
        var mine = await Post(writer, id, "Dari lapangan.");
        var url = $"/api/v1/articles/{id}/updates/{mine["id"]}";
        var etag = (await writer.GetAsync(url)).ETag();

        await (await otherWriter.Put(url, new { body = "Bukan milikku." }, etag)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.Put(url, new { body = "Tanpa If-Match." }, null)).ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var edited = await writer.Put(url, new { body = "Dari lapangan, diperbarui." }, etag);
        await edited.Expect(HttpStatusCode.OK);
        await (await writer.Put(url, new { body = "Basi." }, etag)).ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        await (await _editor.Put(url, new { body = "Editor merapikan." }, edited.ETag())).Expect(HttpStatusCode.OK);

        await (await writer.Post($"{url}/pin", new { })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.DeleteAsync(url)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await _reader.Post($"/api/v1/articles/{id}/updates", new { body = "Anonim." })).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await writer.Post($"/api/v1/articles/{id}/coverage/end", new { })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        await (await writer.Post($"/api/v1/articles/{id}/updates", new { body = "" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "body");
        await (await writer.Post($"/api/v1/articles/{id}/updates", new { body = "x", authors = new[] { Guid.NewGuid() } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "authors[0]");
        await (await writer.Post($"/api/v1/articles/{id}/updates", new { body = $"![foto](asset:{Guid.NewGuid()})" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "body");
        await (await writer.Post($"/api/v1/articles/{Guid.NewGuid()}/updates", new { body = "x" })).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync(url)).StatusCode);
        await (await _editor.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Ended_coverage_refuses_updates_until_reopened_and_a_story_without_coverage_has_none()
    {
        var (_, id) = await LiveStory();
        await Post(_editor, id, "Sebelum selesai.");
        var ended = await (await _editor.Post($"/api/v1/articles/{id}/coverage/end", new { })).Expect(HttpStatusCode.OK);
        Assert.NotNull(ended["endedAt"]);
        await (await _editor.Post($"/api/v1/articles/{id}/updates", new { body = "Terlambat." })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await _editor.Post($"/api/v1/articles/{id}/coverage/end", new { })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        Assert.NotNull((await (await _reader.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK))["live"]!["endedAt"]);

        var reopened = await (await _editor.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);
        Assert.Null(reopened["endedAt"]);
        await Post(_editor, id, "Dibuka lagi.");

        var plain = await _editor.PublishArticle(Http.Unique("Biasa"));
        Assert.Null((await (await _reader.GetAsync($"/api/v1/articles/{plain["id"]}")).Expect(HttpStatusCode.OK))["live"]);
        await (await _reader.GetAsync($"/api/v1/articles/{plain["id"]}/updates")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _editor.Post($"/api/v1/articles/{plain["id"]}/updates", new { body = "x" })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task The_stream_sends_every_change_with_growing_ids_and_a_reconnect_gets_the_rest_exactly_once()
    {
        var (_, id) = await LiveStory();
        var stream = $"/api/v1/articles/{id}/updates/stream";
        await using (var sse = await SseClient.OpenAsync(_reader, stream))
        {
            Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
            Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("no-cache", sse.Response.Headers.CacheControl!.ToString());
            Assert.Equal("retry: 3000", await sse.NextLineAsync());

            var first = await Post(_editor, id, "Pertama.", "Judul");
            var created = await sse.NextEventAsync();
            Assert.Equal(("1", "update.created"), (created.Id, created.Event));
            var data = JsonNode.Parse(created.Data)!;
            Assert.Equal(first["id"]!.ToString(), data["id"]!.ToString());
            Assert.Equal("Judul", (string)data["headline"]!);

            var etag = (await _editor.GetAsync($"/api/v1/articles/{id}/updates/{first["id"]}")).ETag();
            await (await _editor.Put($"/api/v1/articles/{id}/updates/{first["id"]}", new { body = "Pertama, diralat." }, etag)).Expect(HttpStatusCode.OK);
            Assert.Equal(("2", "update.edited"), Pick(await sse.NextEventAsync()));
            await (await _editor.Post($"/api/v1/articles/{id}/updates/{first["id"]}/pin", new { })).Expect(HttpStatusCode.OK);
            Assert.Equal(("3", "update.pinned"), Pick(await sse.NextEventAsync()));

            // What the framework's parser reads from the same bytes.
            var parsed = sse.Parsed();
            Assert.Equal(["update.created", "update.edited", "update.pinned"], parsed.Select(e => e.EventType));
            Assert.Equal(["1", "2", "3"], parsed.Select(e => e.EventId));
            Assert.Equal(TimeSpan.FromMilliseconds(3000), parsed[0].ReconnectionInterval);
        }

        // While no one listens: an unpin, a new update, a deletion.
        await (await _editor.Post($"/api/v1/articles/{id}/updates", new { body = "Kedua." })).Expect(HttpStatusCode.Created);
        var gone = await Post(_editor, id, "Ketiga, dihapus.");
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/articles/{id}/updates/{gone["id"]}")).StatusCode);

        await using (var again = await SseClient.OpenAsync(_reader, stream, lastEventId: "3"))
        {
            Assert.Equal(("4", "update.created"), Pick(await again.NextEventAsync()));
            Assert.Equal(("5", "update.created"), Pick(await again.NextEventAsync()));
            var deleted = await again.NextEventAsync();
            Assert.Equal(("6", "update.deleted"), Pick(deleted));
            Assert.Equal(gone["id"]!.ToString(), JsonNode.Parse(deleted.Data)!["id"]!.ToString());
            Assert.Equal(5, (long)JsonNode.Parse(deleted.Data)!["sequence"]!);

            await (await _editor.Post($"/api/v1/articles/{id}/coverage/end", new { })).Expect(HttpStatusCode.OK);
            var end = await again.NextEventAsync();
            Assert.Equal(("7", "coverage.ended"), Pick(end));
            Assert.NotNull(JsonNode.Parse(end.Data)!["endedAt"]);
            await again.EndedAsync(); // the server closes after coverage.ended
            Assert.Equal(["4", "5", "6", "7"], again.Parsed().Select(e => e.EventId)); // each once, in order
        }

        // Ended with nothing left to send: 204, which stops EventSource reconnecting; earlier ids still replay.
        var done = await _reader.GetAsync($"{stream}?lastEventId=7");
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        await using var late = await SseClient.OpenAsync(_reader, stream, lastEventId: "6");
        Assert.Equal(("7", "coverage.ended"), Pick(await late.NextEventAsync()));
    }

    [Fact]
    public async Task A_live_story_is_a_LiveBlogPosting_its_updates_are_synced_audited_and_in_its_feed_item_when_asked()
    {
        string? since = null;
        for (var more = true; more;)
        {
            var caughtUp = await (await _reader.GetAsync($"/api/v1/sync?limit=500{(since is null ? "" : $"&since={since}")}")).Expect(HttpStatusCode.OK);
            (since, more) = ((string)caughtUp["meta"]!["nextToken"]!, (bool)caughtUp["meta"]!["hasMore"]!);
        }
        var (story, id) = await LiveStory();
        var author = await _editor.CreateAuthor("Budi Reporter");
        var first = await Post(_editor, id, "Sidang dibuka pukul 09.00.", "Dibuka", new[] { author["id"] });
        var second = await Post(_editor, id, "Interupsi dari fraksi oposisi yang panjang sekali.");

        var ld = await (await _reader.GetAsync($"/api/v1/articles/slug/{story["slug"]}/jsonld")).Expect(HttpStatusCode.OK);
        Assert.Equal("LiveBlogPosting", (string)ld["@type"]!);
        Assert.EndsWith("+07:00", (string)ld["coverageStartTime"]!);
        Assert.Null(ld["coverageEndTime"]);
        var updates = ld["liveBlogUpdate"]!.AsArray();
        Assert.Equal(["BlogPosting", "BlogPosting"], updates.Select(u => (string?)u!["@type"]));
        Assert.Equal("Interupsi dari fraksi oposisi yang panjang sekali.", (string)updates[0]!["headline"]!); // no headline: its text
        Assert.Equal("Dibuka", (string)updates[1]!["headline"]!);
        Assert.Equal("Sidang dibuka pukul 09.00.", (string)updates[1]!["articleBody"]!);
        Assert.Equal("Budi Reporter", (string)updates[1]!["author"]![0]!["name"]!);
        Assert.Equal((string)updates[0]!["datePublished"]!, (string)ld["dateModified"]!);
        await (await _editor.Post($"/api/v1/articles/{id}/coverage/end", new { })).Expect(HttpStatusCode.OK);
        ld = await (await _reader.GetAsync($"/api/v1/articles/slug/{story["slug"]}/jsonld")).Expect(HttpStatusCode.OK);
        Assert.EndsWith("+07:00", (string)ld["coverageEndTime"]!);

        var sync = await (await _reader.GetAsync($"/api/v1/sync?since={since}&limit=500")).Expect(HttpStatusCode.OK);
        var synced = sync["data"]!.AsArray().Where(i => (string?)i!["resource"] == "liveupdate").ToList();
        Assert.Equal([first["id"]!.ToString(), second["id"]!.ToString()], synced.Select(i => i!["id"]!.ToString()).Order());
        Assert.Equal("Dibuka", (string)synced.Single(i => i!["id"]!.ToString() == first["id"]!.ToString())!["liveUpdate"]!["headline"]!);

        var audit = await (await _editor.GetAsync($"/api/v1/audit?resourceId={id}&pageSize=100")).Expect(HttpStatusCode.OK);
        var actions = audit["data"]!.AsArray().Select(e => (string?)e!["action"]).ToList();
        Assert.Equal(2, actions.Count(a => a == "postLiveUpdate"));
        Assert.Contains("startLiveCoverage", actions);
        Assert.Contains("endLiveCoverage", actions);

        using var withUpdates = factory.WithWebHostBuilder(b => b.UseSetting("Live:UpdatesInFeeds", "1"));
        var feed = await (await withUpdates.CreateClient().GetAsync("/api/v1/feeds/json")).Expect(HttpStatusCode.OK);
        var item = feed["items"]!.AsArray().Single(i => ((string?)i!["id"])!.Contains(id));
        Assert.Contains($"id=\"update-{second["id"]}\"", (string)item!["content_html"]!);
        Assert.DoesNotContain($"update-{first["id"]}", (string)item["content_html"]!); // only the newest one
        var plain = await (await _reader.GetAsync("/api/v1/feeds/json")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("live-updates", plain.ToJsonString());
    }

    [Fact]
    public async Task A_live_story_deleted_and_restored_gets_its_updates_back_and_a_purge_removes_them()
    {
        var (_, id) = await LiveStory();
        await Post(_editor, id, "Sebelum dihapus.");
        await (await _editor.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates")).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        await (await _editor.Post($"/api/v1/articles/trash/{id}/restore", new { })).Expect(HttpStatusCode.OK);
        await (await _editor.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);
        var story = await (await _editor.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Sebelum dihapus.", (string)story["live"]!["updates"]![0]!["body"]!);
        Assert.Equal(2, (long)(await Post(_editor, id, "Sesudah."))["sequence"]!); // the story's sequence goes on

        await (await _editor.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _editor.DeleteAsync($"/api/v1/articles/trash/{id}")).Expect(HttpStatusCode.NoContent);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
        var article = Guid.Parse(id);
        Assert.Equal((0, 0, 0), (await db.LiveCoverages.CountAsync(c => c.Id == article), await db.LiveUpdates.CountAsync(u => u.ArticleId == article),
            await db.LiveEvents.CountAsync(e => e.ArticleId == article)));
    }

    [Fact]
    public async Task Readers_joining_while_updates_pour_in_each_get_every_event_once_in_order()
    {
        // Readers join as the updates are posted, each after the one it last saw: what a reader missed comes from the
        // database while new events reach it live, and it must see neither a gap nor a repeat at the seam.
        var (_, id) = await LiveStory();
        const int updates = 24;
        var posted = System.Threading.Channels.Channel.CreateUnbounded<int>();
        var posting = Task.Run(async () =>
        {
            for (var n = 1; n <= updates; n++)
            {
                await Post(_editor, id, $"Pembaruan {n}.");
                await posted.Writer.WriteAsync(n);
            }
            posted.Writer.Complete();
        });
        var readers = new List<(long From, Task<List<long>> Ids)>();
        await foreach (var n in posted.Reader.ReadAllAsync())
        {
            if (n % 3 == 0 && n < updates)
            {
                var from = n - 2; // it saw up to here, then went away
                var sse = await SseClient.OpenAsync(_reader, $"/api/v1/articles/{id}/updates/stream", lastEventId: from.ToString());
                readers.Add((from, Task.Run(async () =>
                {
                    await using (sse)
                    {
                        var ids = new List<long>();
                        while (ids.Count == 0 || ids[^1] < updates)
                        {
                            ids.Add(long.Parse((await sse.NextEventAsync()).Id));
                        }
                        return ids;
                    }
                })));
            }
        }
        await posting;
        foreach (var (from, ids) in readers)
        {
            Assert.Equal(Enumerable.Range((int)from + 1, updates - (int)from).Select(i => (long)i), await ids);
        }
    }

    private static (string, string) Pick((string Id, string Event, string Data) e) => (e.Id, e.Event);

    [Fact]
    public async Task A_draft_live_story_streams_only_to_a_key_and_bad_stream_requests_are_problems()
    {
        var (_, id) = await LiveStory(published: false);
        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates/stream")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates")).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        await using var sse = await SseClient.OpenAsync(_editor, $"/api/v1/articles/{id}/updates/stream");
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        await Post(_editor, id, "Persiapan.");
        Assert.Equal(("1", "update.created"), Pick(await sse.NextEventAsync()));

        await (await _reader.GetAsync($"/api/v1/articles/{id}/updates/stream?lastEventId=x")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "lastEventId");
        await (await _reader.GetAsync($"/api/v1/articles/{Guid.NewGuid()}/updates/stream")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_address_holds_at_most_the_configured_number_of_streams()
    {
        var (_, id) = await LiveStory();
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Live:StreamsPerAddress", "2"));
        var client = limited.CreateClient();
        await using var one = await SseClient.OpenAsync(client, $"/api/v1/articles/{id}/updates/stream");
        await using var two = await SseClient.OpenAsync(client, $"/api/v1/articles/{id}/updates/stream");
        Assert.Equal(HttpStatusCode.OK, two.Response.StatusCode);
        var third = await client.GetAsync($"/api/v1/articles/{id}/updates/stream", HttpCompletionOption.ResponseHeadersRead);
        var problem = await third.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("streams", (string)problem["policy"]!);

        // A stream that closes gives its place back.
        await one.DisposeAsync();
        var freed = false;
        for (var attempt = 0; attempt < 100 && !freed; attempt++)
        {
            await using var next = await SseClient.OpenAsync(client, $"/api/v1/articles/{id}/updates/stream");
            freed = next.Response.StatusCode == HttpStatusCode.OK;
            if (!freed)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(freed, "a closed stream's place was not given back");
    }
}

public sealed class LiveTestsOnSqlite(SqliteCmsFactory factory) : LiveTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class LiveTestsOnPostgres(PostgresCmsFactory factory) : LiveTests(factory), IClassFixture<PostgresCmsFactory>;
