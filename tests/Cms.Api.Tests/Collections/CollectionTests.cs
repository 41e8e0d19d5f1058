using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Collections;
using Cms.Data.Collections;

namespace Cms.Api.Tests.Collections;

/// <summary>
/// Collections end to end, on a clock the tests move: what readers see in one as stories come and go, the desk's
/// operations under If-Match, scheduled arrangements and history, views and most read, feeds, JSON-LD, sync and audit.
/// </summary>
public abstract class CollectionTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _reader = factory.CreateAnonymousClient();

    /// <summary>A published story of the tag at this time (minutes before the clock), credited to a new author.</summary>
    private async Task<JsonNode> Story(string title, JsonNode? tag = null, int minutesAgo = 60) =>
        await _editor.CreateArticle(new
        {
            title, status = "published", publishedAt = factory.Clock.GetUtcNow().AddMinutes(-minutesAgo).ToString("O"),
            authors = new[] { new { authorId = (string)(await _editor.CreateAuthor())["id"]! } },
            tags = tag is null ? Array.Empty<object>() : [new { tagId = (string)tag["id"]! }],
        });

    private static string Slug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<HttpResponseMessage> Create(object body) => await _editor.Post("/api/v1/collections", body);

    private static object Item(JsonNode story, bool pinned = false) => new { articleId = (string)story["id"]!, pinned };

    private static List<string?> Titles(JsonNode collection) => collection["items"]!.AsArray().Select(i => (string?)i!["title"]).ToList();

    private async Task<List<string?>> ReaderTitles(string slug) =>
        Titles(await (await _reader.GetAsync($"/api/v1/collections/{slug}")).Expect(HttpStatusCode.OK));

    [Fact]
    public async Task A_manual_collection_shows_its_chosen_stories_pinned_in_place_then_the_filler_newest_first()
    {
        var tag = await _editor.CreateTag();
        var old = await Story("Lama", tag, minutesAgo: 500);
        await Story("Terbaru", tag, minutesAgo: 10);
        await Story("Kedua", tag, minutesAgo: 20);
        await Story("Ketiga", tag, minutesAgo: 30);
        var pinned = await Story("Disematkan", minutesAgo: 900);
        var slug = Slug("utama");

        var created = await (await Create(new
        {
            slug, name = "Utama", kind = "manual", capacity = 4, filler = new { tag = new[] { (string)tag["slug"]! } },
            items = new[] { Item(old), Item(pinned, pinned: true) },
        })).Expect(HttpStatusCode.Created);

        // The pinned story holds position 2; the other chosen one comes first; the filler's newest fill the rest, never
        // the chosen "Lama" again, and no more than the capacity.
        Assert.Equal(["Lama", "Disematkan", "Terbaru", "Kedua"], Titles(created));
        Assert.Equal(["Lama", "Disematkan", "Terbaru", "Kedua"], await ReaderTitles(slug));
        var read = await _reader.GetAsync($"/api/v1/collections/{slug}");
        Assert.Null((await read.Body())["chosen"]); // the desk's view is for keys
        Assert.Matches("^\"1\\.[0-9a-f]{32}\"$", read.ETag());
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/collections/{slug}");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(read.ETag()));
        Assert.Equal(HttpStatusCode.NotModified, (await _reader.SendAsync(again)).StatusCode);

        var shaped = await (await _reader.GetAsync($"/api/v1/collections/{slug}?fields=title,slug")).Expect(HttpStatusCode.OK);
        Assert.Equal(["title", "slug"], shaped["items"]![0]!.AsObject().Select(p => p.Key));
        await (await _reader.GetAsync($"/api/v1/collections/{slug}?fields=nope")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "fields");
        await (await _reader.GetAsync("/api/v1/collections/no-such-collection")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_chosen_story_that_goes_away_drops_out_its_pinned_place_kept_and_returns_with_it()
    {
        var tag = await _editor.CreateTag();
        var filler = await Story("Pengisi", tag, minutesAgo: 5);
        var first = await Story("Pertama");
        var pinned = await Story("Tetap Kedua");
        var third = await Story("Ketiga");
        var slug = Slug("hukum");
        await (await Create(new
        {
            slug, name = "Hukum", kind = "manual", capacity = 3, filler = new { tag = new[] { (string)tag["slug"]! } },
            items = new[] { Item(first), Item(pinned, pinned: true), Item(third) },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(["Pertama", "Tetap Kedua", "Ketiga"], await ReaderTitles(slug));

        // Unpublished: the filler stands in at its position; published again, it is back in its place.
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{pinned["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Pertama", "Pengisi", "Ketiga"], await ReaderTitles(slug));
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{pinned["id"]}/publish")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Pertama", "Tetap Kedua", "Ketiga"], await ReaderTitles(slug));

        // Trashed: the others move up around the pinned one; restored, it returns.
        await (await _editor.DeleteAsync($"/api/v1/articles/{first["id"]}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(["Ketiga", "Tetap Kedua", "Pengisi"], await ReaderTitles(slug));
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/trash/{first["id"]}/restore")).Expect(HttpStatusCode.OK);
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{first["id"]}/publish")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Pertama", "Tetap Kedua", "Ketiga"], await ReaderTitles(slug));

        // Archived, or rescheduled for later: gone until its time; an edit shows in the collection at once.
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{third["id"]}/archive")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Pertama", "Tetap Kedua", "Pengisi"], await ReaderTitles(slug));
        var later = factory.Clock.GetUtcNow().AddHours(1);
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{first["id"]}/publish", new { publishAt = later.ToString("O") }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["Pengisi", "Tetap Kedua"], await ReaderTitles(slug));
        var current = await _editor.GetAsync($"/api/v1/articles/{pinned["id"]}");
        await (await _editor.Patch($"/api/v1/articles/{pinned["id"]}", new { title = "Tetap Kedua (Diperbarui)" }, current.ETag()))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["Pengisi", "Tetap Kedua (Diperbarui)"], await ReaderTitles(slug));
        factory.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(["Pertama", "Tetap Kedua (Diperbarui)", "Pengisi"], await ReaderTitles(slug));
    }

    [Fact]
    public async Task A_preview_shows_chosen_drafts_marked_and_only_to_a_key()
    {
        var story = await Story("Sudah Terbit");
        var draft = await _editor.CreateArticle(new { title = "Masih Draf" });
        var slug = Slug("pratinjau");
        await (await Create(new { slug, name = "Pratinjau", kind = "manual", capacity = 5, items = new[] { Item(draft), Item(story) } }))
            .Expect(HttpStatusCode.Created);

        Assert.Equal(["Sudah Terbit"], await ReaderTitles(slug));
        await (await _reader.GetAsync($"/api/v1/collections/{slug}?preview=true")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var keyed = await (await _editor.GetAsync($"/api/v1/collections/{slug}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Sudah Terbit"], Titles(keyed));
        Assert.Equal([(string?)draft["id"], (string?)story["id"]], keyed["chosen"]!.AsArray().Select(c => (string?)c!["articleId"]));
        var preview = await _editor.GetAsync($"/api/v1/collections/{slug}?preview=true");
        Assert.True(preview.Headers.CacheControl is { NoStore: true, Private: true }, "a preview is never cached");
        var shown = await preview.Expect(HttpStatusCode.OK);
        Assert.True((bool)shown["preview"]!);
        Assert.Equal(["draft", "published"], shown["items"]!.AsArray().Select(i => (string?)i!["status"]));
    }

    [Fact]
    public async Task Bad_collections_are_refused_naming_what_is_wrong()
    {
        var story = await Story("Satu Kali");
        var unknown = Guid.NewGuid();
        var twice = await (await Create(new
        {
            name = "Dua Kali", kind = "manual", capacity = 2,
            items = new object[] { Item(story), Item(story), new { articleId = unknown }, new { articleId = (string)(await Story("Tiga"))["id"]!, pinned = true } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "items[1].articleId", "items[2].articleId", "items[3].pinned");
        Assert.Contains((string)story["id"]!, (string)twice["errors"]!["items[1].articleId"]![0]!);
        await (await Create(new { name = "x", kind = "mostRead", capacity = 101 }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "capacity", "window");
        await (await Create(new { name = "x", kind = "automatic", capacity = 5, window = "24h", items = new[] { Item(story) } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "window", "items");
        await (await Create(new { name = "x", kind = "automatic", capacity = 5, filler = new { tag = new[] { "tidak-ada" }, tagMode = "some" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "filler.tag", "filler.tagMode");
        await (await Create(new { name = "x", kind = "sideways", capacity = 5 })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "kind");

        var slug = Slug("sama");
        var created = await Create(new { slug, name = "Sama", kind = "automatic", capacity = 5 });
        await created.Expect(HttpStatusCode.Created);
        await (await Create(new { slug, name = "Lagi", kind = "automatic", capacity = 5 })).ExpectProblem(HttpStatusCode.Conflict, "slug_taken", "slug");
        await (await _editor.Put($"/api/v1/collections/{slug}", new { slug = "lain", name = "Sama", kind = "automatic", capacity = 5 }, created.ETag()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "slug");
        await (await _editor.Put($"/api/v1/collections/{slug}", new { name = "Sama", kind = "automatic", capacity = 5 }, null))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await _editor.Send(HttpMethod.Put, $"/api/v1/collections/{slug}/items/{story["id"]}", new { position = 1 }, created.ETag()))
            .ExpectProblem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Desks_put_move_pin_and_remove_under_if_match_and_a_pinned_story_keeps_its_place()
    {
        var (a, b, c, d) = (await Story("A"), await Story("B"), await Story("C"), await Story("D"));
        var slug = Slug("desk");
        var url = $"/api/v1/collections/{slug}";
        var created = await Create(new { slug, name = "Desk", kind = "manual", capacity = 5, items = new[] { Item(a), Item(b) } });
        await created.Expect(HttpStatusCode.Created);

        var put = await _editor.Send(HttpMethod.Put, $"{url}/items/{c["id"]}", new { position = 1 }, created.ETag());
        Assert.Equal(["C", "A", "B"], Titles(await put.Expect(HttpStatusCode.OK)));
        // Another desk still holding the first ETag changes nothing, and learns the current one.
        var stale = await (await _editor.Send(HttpMethod.Put, $"{url}/items/{d["id"]}", new { position = 1 }, created.ETag()))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        Assert.Equal(put.ETag(), (string?)stale["currentETag"]);
        await (await _editor.Send(HttpMethod.Put, $"{url}/items/{d["id"]}", new { position = 1 }))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");

        // Pin A where it is; D put on top moves the others, not A. The ETag of a read works as If-Match.
        var pinned = await _editor.Send(HttpMethod.Put, $"{url}/items/{a["id"]}", new { pinned = true }, put.ETag());
        await pinned.Expect(HttpStatusCode.OK);
        var read = await _editor.GetAsync(url);
        var top = await _editor.Send(HttpMethod.Put, $"{url}/items/{d["id"]}", new { position = 1 }, read.ETag());
        Assert.Equal(["D", "A", "C", "B"], Titles(await top.Expect(HttpStatusCode.OK)));
        await (await _editor.Send(HttpMethod.Put, $"{url}/items/{b["id"]}", new { position = 2, pinned = true }, top.ETag()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "position");
        await (await _editor.Send(HttpMethod.Put, $"{url}/items/{Guid.NewGuid()}", new { position = 1 }, top.ETag()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "articleId");

        // Removing D leaves A at position 2; moving B to the top too.
        var removed = await _editor.Send(HttpMethod.Delete, $"{url}/items/{d["id"]}", null, top.ETag());
        Assert.Equal(["C", "A", "B"], Titles(await removed.Expect(HttpStatusCode.OK)));
        var moved = await _editor.Send(HttpMethod.Put, $"{url}/items/{b["id"]}", new { position = 1 }, removed.ETag());
        var last = await moved.Expect(HttpStatusCode.OK);
        Assert.Equal(["B", "A", "C"], Titles(last));
        Assert.Equal([false, true, false], last["chosen"]!.AsArray().Select(i => (bool)i!["pinned"]!));
        await (await _editor.Send(HttpMethod.Delete, $"{url}/items/{d["id"]}", null, moved.ETag())).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        // Each change is an arrangement of the history, made by the key that made it.
        var history = await (await _editor.GetAsync($"{url}/arrangements")).Expect(HttpStatusCode.OK);
        Assert.Equal(6, history["data"]!.AsArray().Count);
        Assert.Equal(["current", "past", "past", "past", "past", "past"], history["data"]!.AsArray().Select(h => (string?)h!["state"]));
        Assert.Equal("bootstrap", (string?)history["data"]![0]!["madeByKeyName"]);
    }

    [Fact]
    public async Task Writers_read_arrangements_editors_arrange_and_readers_read()
    {
        var story = await Story("Untuk Penulis");
        var slug = Slug("penulis");
        var created = await Create(new { slug, name = "Penulis", kind = "manual", capacity = 3, items = new[] { Item(story) } });
        await created.Expect(HttpStatusCode.Created);
        var writer = factory.CreateClient(await factory.CreateKey("writer"));

        await (await writer.GetAsync($"/api/v1/collections/{slug}/arrangements")).Expect(HttpStatusCode.OK);
        await (await writer.Send(HttpMethod.Delete, $"/api/v1/collections/{slug}/items/{story["id"]}", null, created.ETag()))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.Post("/api/v1/collections", new { name = "x", kind = "automatic", capacity = 1 })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await _reader.GetAsync($"/api/v1/collections/{slug}/arrangements")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var list = await (await _reader.GetAsync("/api/v1/collections?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Contains(slug, list["data"]!.AsArray().Select(c => (string?)c!["slug"]));
    }

    [Fact]
    public async Task A_scheduled_arrangement_takes_effect_on_its_minute_and_an_earlier_one_can_be_restored()
    {
        var (today, tomorrow) = (await Story("Hari Ini"), await Story("Besok Pagi"));
        var slug = Slug("pagi");
        var url = $"/api/v1/collections/{slug}";
        await (await Create(new { slug, name = "Pagi", kind = "manual", capacity = 3, items = new[] { Item(today) } })).Expect(HttpStatusCode.Created);
        Assert.Equal(["Hari Ini"], await ReaderTitles(slug)); // cached from here

        // Tomorrow at 06:00 WIB, written in UTC: shown back in the site's zone.
        var at = factory.Clock.GetUtcNow().AddHours(2);
        var scheduled = await _editor.Post($"{url}/arrangements", new { effectiveAt = at.ToUniversalTime().ToString("O"), items = new[] { Item(tomorrow) } });
        var upcoming = await scheduled.Expect(HttpStatusCode.Created);
        Assert.Equal("upcoming", (string?)upcoming["state"]);
        Assert.EndsWith("+07:00", (string)upcoming["effectiveAt"]!);
        var cancelled = await (await _editor.Post($"{url}/arrangements", new { effectiveAt = at.AddHours(1).ToString("O"), items = Array.Empty<object>() }))
            .Expect(HttpStatusCode.Created);
        await (await _editor.DeleteAsync($"{url}/arrangements/{cancelled["id"]}")).Expect(HttpStatusCode.NoContent);
        await (await _editor.Post($"{url}/arrangements", new { effectiveAt = factory.Clock.GetUtcNow().AddMinutes(-1).ToString("O"), items = Array.Empty<object>() }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "effectiveAt");

        // Moved a minute earlier, with its own If-Match.
        var changed = await _editor.Put($"{url}/arrangements/{upcoming["id"]}", new { effectiveAt = at.AddMinutes(-1).ToString("O"), items = new[] { Item(tomorrow) } },
            scheduled.ETag());
        await changed.Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(118));
        Assert.Equal(["Hari Ini"], await ReaderTitles(slug));
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["Besok Pagi"], await ReaderTitles(slug));
        await (await _editor.DeleteAsync($"{url}/arrangements/{upcoming["id"]}")).ExpectProblem(HttpStatusCode.Conflict, "conflict");

        var history = (await (await _editor.GetAsync($"{url}/arrangements")).Expect(HttpStatusCode.OK))["data"]!.AsArray();
        Assert.Equal(["current", "past"], history.Select(h => (string?)h!["state"]));
        var first = history[1]!;
        var read = await _editor.GetAsync(url);
        await (await _editor.Send(HttpMethod.Post, $"{url}/arrangements/{first["id"]}/restore")).ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var restored = await (await _editor.Send(HttpMethod.Post, $"{url}/arrangements/{first["id"]}/restore", null, read.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal(["Hari Ini"], Titles(restored));
        Assert.Equal(["Hari Ini"], await ReaderTitles(slug));
        var now = (await (await _editor.GetAsync($"{url}/arrangements")).Expect(HttpStatusCode.OK))["data"]![0]!;
        Assert.Equal(((string?)first["id"], "current"), ((string?)now["restoredFromId"], (string?)now["state"]));
    }

    [Fact]
    public async Task An_automatic_collection_its_feed_and_its_json_ld_follow_its_filler()
    {
        var tag = await _editor.CreateTag();
        await Story("Satu", tag, minutesAgo: 30);
        await Story("Dua", tag, minutesAgo: 20);
        await Story("Tiga", tag, minutesAgo: 10);
        await Story("Tanpa Tag", minutesAgo: 1);
        var slug = Slug("otomatis");
        var created = await (await Create(new { slug, name = "Otomatis", kind = "automatic", capacity = 2, filler = new { tag = new[] { (string)tag["slug"]! } } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(["Tiga", "Dua"], Titles(created));

        var jsonLd = await _reader.GetAsync($"/api/v1/collections/{slug}/jsonld");
        Assert.Equal("application/ld+json", jsonLd.Content.Headers.ContentType?.MediaType);
        var list = await jsonLd.Expect(HttpStatusCode.OK);
        Assert.Equal(("ItemList", 2), ((string?)list["@type"], (int)list["numberOfItems"]!));
        Assert.Equal([1, 2], list["itemListElement"]!.AsArray().Select(e => (int)e!["position"]!));
        Assert.All(list["itemListElement"]!.AsArray(), e => Assert.StartsWith("http", (string)e!["url"]!));

        var rss = await (await _reader.GetAsync($"/api/v1/feeds/rss?collection={slug}")).Content.ReadAsStringAsync();
        Assert.True(rss.IndexOf("<title>Tiga</title>", StringComparison.Ordinal) < rss.IndexOf("<title>Dua</title>", StringComparison.Ordinal));
        Assert.DoesNotContain("Satu", rss);
        Assert.Contains(": Otomatis</title>", rss);
        var json = await (await _reader.GetAsync($"/api/v1/feeds/json?collection={slug}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Tiga", "Dua"], json["items"]!.AsArray().Select(i => (string?)i!["title"]));
        await (await _reader.GetAsync($"/api/v1/feeds/atom?collection={slug}&tag={tag["slug"]}")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "collection");
        await (await _reader.GetAsync("/api/v1/feeds/atom?collection=tidak-ada")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Most_read_ranks_counted_views_in_the_window_once_per_client_and_never_a_bots()
    {
        var tag = await _editor.CreateTag();
        var (a, b, c) = (await Story("Paling Dibaca", tag), await Story("Kedua Dibaca", tag), await Story("Ketiga Dibaca", tag));
        var elsewhere = await Story("Di Luar Tag");
        var draft = await _editor.CreateArticle(new { title = "Draf Dibaca", tags = new[] { new { tagId = (string)tag["id"]! } } });
        var slug = Slug("populer");
        await (await Create(new { slug, name = "Terpopuler", kind = "mostRead", capacity = 5, window = "1h", filler = new { tag = new[] { (string)tag["slug"]! } } }))
            .Expect(HttpStatusCode.Created);

        async Task View(string? client, params JsonNode[] stories)
        {
            var response = await _reader.Post("/api/v1/views", new { articles = stories.Select(s => (string)s["id"]!), client });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        foreach (var client in new[] { "satu", "dua", "tiga" })
        {
            await View(client, a, elsewhere, draft);
        }
        await View("satu", b);
        await View("satu", b); // the same client again: once
        await View("dua", b);
        await View(null, c);
        for (var i = 0; i < 5; i++)
        {
            await View(null, c); // the same address again: once
        }
        for (var i = 0; i < 5; i++)
        {
            var bot = new HttpRequestMessage(HttpMethod.Post, "/api/v1/views")
            {
                Content = new StringContent($$"""{"articles":["{{c["id"]}}"],"client":"crawler-{{i}}"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            bot.Headers.UserAgent.ParseAdd("Mozilla/5.0 (compatible; Googlebot/2.1)");
            Assert.Equal(HttpStatusCode.Accepted, (await _reader.SendAsync(bot)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Accepted, (await _reader.Post("/api/v1/views", new { articles = new[] { Guid.NewGuid() } })).StatusCode);
        await (await _reader.Post("/api/v1/views", new { articles = Enumerable.Range(0, 51).Select(_ => Guid.NewGuid()) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "articles");

        // The ranking moves with each five minutes: the views above count once their bucket is done.
        Assert.Empty(await ReaderTitles(slug));
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["Paling Dibaca", "Kedua Dibaca", "Ketiga Dibaca"], await ReaderTitles(slug));
        factory.Clock.Advance(TimeSpan.FromMinutes(60)); // out of the hour's window
        Assert.Empty(await ReaderTitles(slug));
    }

    [Fact]
    public async Task Collections_are_in_sync_and_the_audit_log_but_views_are_neither()
    {
        var story = await Story("Disinkron");
        var start = await (await _reader.GetAsync("/api/v1/sync?limit=500")).Expect(HttpStatusCode.OK);
        var token = (string)start["meta"]!["nextToken"]!;
        while ((bool)start["meta"]!["hasMore"]!)
        {
            start = await (await _reader.GetAsync($"/api/v1/sync?limit=500&since={token}")).Expect(HttpStatusCode.OK);
            token = (string)start["meta"]!["nextToken"]!;
        }
        var slug = Slug("sinkron");
        var created = await Create(new { slug, name = "Sinkron", kind = "manual", capacity = 2, items = new[] { Item(story) } });
        await created.Expect(HttpStatusCode.Created);
        await (await _reader.Post("/api/v1/views", new { articles = new[] { (string)story["id"]! } })).Expect(HttpStatusCode.Accepted);

        var changes = await (await _reader.GetAsync($"/api/v1/sync?since={token}")).Expect(HttpStatusCode.OK);
        var item = Assert.Single(changes["data"]!.AsArray(), i => (string?)i!["resource"] == "collection")!;
        Assert.Equal(["Disinkron"], Titles(item["collection"]!));
        await (await _editor.DeleteAsync($"/api/v1/collections/{slug}")).Expect(HttpStatusCode.NoContent);
        var deleted = await (await _reader.GetAsync($"/api/v1/sync?since={changes["meta"]!["nextToken"]}")).Expect(HttpStatusCode.OK);
        Assert.True((bool)Assert.Single(deleted["data"]!.AsArray())!["deleted"]!);

        var audit = await (await _editor.GetAsync("/api/v1/audit?pageSize=100")).Expect(HttpStatusCode.OK);
        var actions = audit["data"]!.AsArray().Select(e => ((string?)e!["action"], (string?)e["resource"])).ToList();
        Assert.Contains(("createCollection", "collection"), actions);
        Assert.Contains(("deleteCollection", "collection"), actions);
        Assert.DoesNotContain(actions, a => a.Item1 == "recordViews");
    }
}

public sealed class CollectionTestsOnSqlite(SqliteClockFactory factory) : CollectionTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class CollectionTestsOnPostgres(PostgresClockFactory factory) : CollectionTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;

/// <summary>The desk's order rules alone.</summary>
public sealed class ChosenOrderTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    [Fact]
    public void A_pinned_item_keeps_its_index_while_others_are_put_moved_and_removed()
    {
        List<CollectionItem> order = [new(A), new(B, Pinned: true), new(C)];

        Assert.Equal([D, B, A, C], ChosenOrder.Place(order, D, 1, pinned: false).Order!.Select(i => i.ArticleId));
        Assert.Equal([A, B, D, C], ChosenOrder.Place(order, D, 2, pinned: false).Order!.Select(i => i.ArticleId)); // past the pin
        Assert.Equal([C, B, A], ChosenOrder.Place(order, A, 3, pinned: false).Order!.Select(i => i.ArticleId));
        Assert.Equal([C, B], ChosenOrder.Remove(order, A).Select(i => i.ArticleId));
        Assert.Equal(B, ChosenOrder.Place(order, D, 2, pinned: true).PinnedThere);
        Assert.Equal([A, B], ChosenOrder.Remove([new(A), new(C), new(B, Pinned: true)], C).Select(i => i.ArticleId)); // too short: last
    }
}
