using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Articles;

public abstract class ArticleWorkflowTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();

    [Fact]
    public async Task A_writers_draft_is_invisible_to_the_public_and_visible_to_a_reader_key()
    {
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        var reader = factory.CreateClient(await factory.CreateKey("reader"));
        var draft = await (await writer.Post("/api/v1/articles", new { title = Http.Unique("Draf"), body = "Isi." }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("draft", (string?)draft["status"]);

        await (await _public.GetAsync($"/api/v1/articles/{draft["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _public.GetAsync($"/api/v1/articles/slug/{draft["slug"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(Ids(await List(_public, "pageSize=100")), id => id == (string?)draft["id"]);
        Assert.DoesNotContain(Ids(await List(_public, "status=draft&pageSize=100")), id => id == (string?)draft["id"]);

        var seen = await (await reader.GetAsync($"/api/v1/articles/{draft["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal("draft", (string?)seen["status"]);
        Assert.Contains(Ids(await List(reader, "status=draft&pageSize=100")), id => id == (string?)draft["id"]);
    }

    [Fact]
    public async Task A_story_scheduled_a_minute_ahead_appears_to_the_public_on_that_minute()
    {
        var (article, etag) = await CompleteDraft();
        var at = factory.Clock.GetUtcNow().AddMinutes(1);
        at = at.AddTicks(-(at.Ticks % 10)); // timestamps are kept to the microsecond

        var scheduled = await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/publish",
            new { publishAt = at.ToOffset(TimeSpan.FromHours(7)) }, etag);

        var body = await scheduled.Expect(HttpStatusCode.OK);
        Assert.Equal("scheduled", (string?)body["status"]);
        Assert.NotEqual(etag, scheduled.ETag());
        await (await _public.GetAsync($"/api/v1/articles/{article["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await TagCount(article));

        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        await (await _public.GetAsync($"/api/v1/articles/{article["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var live = await (await _public.GetAsync($"/api/v1/articles/slug/{article["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal("published", (string?)live["status"]);
        Assert.Equal(at.UtcDateTime, DateTimeOffset.Parse((string)live["publishedAt"]!).UtcDateTime);
        Assert.Contains(Ids(await List(_public, $"tag={article["tags"]![0]!["slug"]}")), id => id == (string?)article["id"]);
        Assert.Equal(1, await TagCount(article));
    }

    [Fact]
    public async Task Publishing_without_a_time_publishes_now_and_a_past_time_is_kept()
    {
        var (now, nowEtag) = await CompleteDraft();
        var published = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{now["id"]}/publish", ifMatch: nowEtag))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("published", (string?)published["status"]);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime,
            DateTimeOffset.Parse((string)published["publishedAt"]!).UtcDateTime, TimeSpan.FromSeconds(1));

        var (empty, _) = await CompleteDraft();
        var emptyBody = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/articles/{empty["id"]}/publish")
        {
            Content = new StringContent("", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal("published", (string?)(await (await _editor.SendAsync(emptyBody)).Expect(HttpStatusCode.OK))["status"]);

        var (backdated, _) = await CompleteDraft();
        var result = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{backdated["id"]}/publish",
            new { publishAt = "2024-06-19T12:04:00+07:00" })).Expect(HttpStatusCode.OK);
        Assert.Equal("published", (string?)result["status"]);
        Assert.Equal("2024-06-19T05:04:00Z", (string?)result["publishedAt"]);
        await (await _public.GetAsync($"/api/v1/articles/{backdated["id"]}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_drafts_own_time_is_kept_when_published_and_again_after_unpublish()
    {
        // An archive imported as drafts with their original times, then published without a new one.
        var (article, _) = await CompleteDraft(publishedAt: "2024-06-19T12:04:00+07:00");
        Assert.Equal("draft", (string?)article["status"]);
        var publish = $"/api/v1/articles/{article["id"]}/publish";

        var published = await (await _editor.Send(HttpMethod.Post, publish)).Expect(HttpStatusCode.OK);
        Assert.Equal("published", (string?)published["status"]);
        Assert.Equal("2024-06-19T05:04:00Z", (string?)published["publishedAt"]);

        // A corrected story taken down and put back keeps its date.
        var draft = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        Assert.Equal("2024-06-19T05:04:00Z", (string?)draft["publishedAt"]);
        var again = await (await _editor.Send(HttpMethod.Post, publish)).Expect(HttpStatusCode.OK);
        Assert.Equal("published", (string?)again["status"]);
        Assert.Equal("2024-06-19T05:04:00Z", (string?)again["publishedAt"]);
        await (await _public.GetAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.OK);

        // A draft's time still to come schedules it for that time; a time the editor sends wins.
        var at = factory.Clock.GetUtcNow().AddHours(2);
        at = at.AddTicks(-(at.Ticks % 10));
        var (future, _) = await CompleteDraft(publishedAt: at.ToString("O"));
        var scheduled = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{future["id"]}/publish")).Expect(HttpStatusCode.OK);
        Assert.Equal("scheduled", (string?)scheduled["status"]);
        Assert.Equal(at.UtcDateTime, DateTimeOffset.Parse((string)scheduled["publishedAt"]!).UtcDateTime);
        var sent = await (await _editor.Send(HttpMethod.Post, publish, new { publishAt = "2024-06-20T08:00:00+07:00" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("2024-06-20T01:00:00Z", (string?)sent["publishedAt"]);
    }

    [Fact]
    public async Task Publishing_an_incomplete_article_answers_422_listing_what_is_missing()
    {
        var created = await _editor.Post("/api/v1/articles", new { title = Http.Unique("Kosong") });
        var article = await created.Expect(HttpStatusCode.Created);

        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/publish"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "body", "authors");

        var after = await _editor.GetAsync($"/api/v1/articles/{article["id"]}");
        Assert.Equal("draft", (string?)(await after.Expect(HttpStatusCode.OK))["status"]);
        Assert.Equal(created.ETag(), after.ETag());
    }

    [Fact]
    public async Task An_archived_story_answers_410_to_readers_and_unpublish_takes_it_back_to_draft()
    {
        var (article, etag) = await CompleteDraft();
        var published = await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/publish", ifMatch: etag);
        await published.Expect(HttpStatusCode.OK);

        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/archive", ifMatch: "\"999\""))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        var archived = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/archive",
            ifMatch: published.ETag())).Expect(HttpStatusCode.OK);

        Assert.Equal("archived", (string?)archived["status"]);
        await (await _public.GetAsync($"/api/v1/articles/{article["id"]}")).ExpectProblem(HttpStatusCode.Gone, "gone");
        await (await _public.GetAsync($"/api/v1/articles/slug/{article["slug"]}")).ExpectProblem(HttpStatusCode.Gone, "gone");
        Assert.Equal(0, await TagCount(article));

        var draft = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/unpublish"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("draft", (string?)draft["status"]);
        Assert.Equal((string?)archived["publishedAt"], (string?)draft["publishedAt"]);
        await (await _public.GetAsync($"/api/v1/articles/{article["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Articles_record_which_key_created_and_changed_them_and_the_public_never_sees_it()
    {
        var writerKey = await factory.CreateKey("writer");
        var writer = factory.CreateClient(writerKey);
        var keys = await (await _editor.GetAsync("/api/v1/keys?pageSize=100")).Expect(HttpStatusCode.OK);
        var writerId = (string)keys["data"]!.AsArray().Single(k => writerKey.StartsWith((string)k!["prefix"]!))!["id"]!;
        var author = await _editor.CreateAuthor();
        var created = await writer.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), body = "Isi.", authors = new[] { new { authorId = (string)author["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);
        Assert.Equal(writerId, (string?)article["createdByKeyId"]);

        var published = await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/publish"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(writerId, (string?)published["createdByKeyId"]);
        Assert.Equal(Guid.Empty.ToString(), (string?)published["updatedByKeyId"]);

        var response = await _public.GetAsync($"/api/v1/articles/{article["id"]}");
        var seen = await response.Expect(HttpStatusCode.OK);
        Assert.False(seen.AsObject().ContainsKey("createdByKeyId"));
        Assert.False(seen.AsObject().ContainsKey("updatedByKeyId"));
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge: not null }, $"Cache-Control: {response.Headers.CacheControl}");
        var keyed = (await _editor.GetAsync($"/api/v1/articles/{article["id"]}")).Headers.CacheControl;
        Assert.True(keyed is { Private: true, NoStore: true }, $"Cache-Control: {keyed}");
    }

    private async Task<(JsonNode Article, string ETag)> CompleteDraft(string? publishedAt = null)
    {
        var author = await _editor.CreateAuthor();
        var tag = await _editor.CreateTag();
        var response = await _editor.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), body = "Isi berita.", publishedAt,
            authors = new[] { new { authorId = (string)author["id"]! } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        return (await response.Expect(HttpStatusCode.Created), response.ETag());
    }

    private async Task<int> TagCount(JsonNode article)
    {
        var tags = await List(_public, "pageSize=100", "tags");
        return (int)tags["data"]!.AsArray().Single(t => (string?)t!["id"] == (string?)article["tags"]![0]!["id"])!["articleCount"]!;
    }

    private static async Task<JsonNode> List(HttpClient client, string query, string resource = "articles") =>
        await (await client.GetAsync($"/api/v1/{resource}?{query}")).Expect(HttpStatusCode.OK);

    private static List<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(a => (string)a!["id"]!).ToList();
}

public sealed class ArticleWorkflowTestsOnSqlite(SqliteClockFactory factory)
    : ArticleWorkflowTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class ArticleWorkflowTestsOnPostgres(PostgresClockFactory factory)
    : ArticleWorkflowTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;
