using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Articles;

/// <summary>Filters and cursors for tag pages, author pages, date ranges and infinite scroll.</summary>
public abstract class ArticleQueryTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Several_tags_match_any_of_them_or_all_with_tag_mode_all()
    {
        var a = await _client.CreateTag();
        var b = await _client.CreateTag();
        var both = await Publish("2024-06-19T12:04:00+07:00", tags: [a, b]);
        var onlyA = await Publish("2024-06-18T12:04:00+07:00", tags: [a]);
        var onlyB = await Publish("2024-06-17T12:04:00+07:00", tags: [b]);

        Assert.Equal([Id(both), Id(onlyA), Id(onlyB)], Ids(await List($"tag={a["slug"]}&tag={b["slug"]}")));
        Assert.Equal([Id(both)], Ids(await List($"tag={a["slug"]}&tag={b["slug"]}&tagMode=all")));
        Assert.Equal([Id(both), Id(onlyA)], Ids(await List($"tag={a["slug"]}&tagMode=all")));
    }

    [Fact]
    public async Task Language_and_date_range_filters_combine_with_a_tag()
    {
        var tag = await _client.CreateTag();
        var june = await Publish("2024-06-19T12:04:00+07:00", tags: [tag]);
        var english = await Publish("2024-06-20T08:00:00Z", tags: [tag], language: "en");
        await Publish("2024-05-01T08:00:00Z", tags: [tag]);
        await Publish("2024-07-01T00:00:00Z", tags: [tag]);

        Assert.Equal([Id(english), Id(june)],
            Ids(await List($"tag={tag["slug"]}&publishedAfter=2024-06-01&publishedBefore=2024-07-01T00:00:00Z")));
        Assert.Equal([Id(june)],
            Ids(await List($"tag={tag["slug"]}&language=id&publishedAfter=2024-06-19T12:04:00%2B07:00&publishedBefore=2024-07-01")));
        Assert.Equal([Id(english)], Ids(await List($"tag={tag["slug"]}&language=en")));
    }

    [Fact]
    public async Task Updated_since_lists_what_changed_after_an_instant()
    {
        var tag = await _client.CreateTag();
        var old = await Publish("2024-06-19T12:04:00+07:00", tags: [tag]);
        var oldUpdated = DateTimeOffset.Parse((string)old["updatedAt"]!);
        await Waiting.Until(() => DateTimeOffset.UtcNow > oldUpdated, "the clock did not move past the first write");
        var fresh = await Publish("2024-06-18T12:04:00+07:00", tags: [tag]);

        var changed = Ids(await List($"tag={tag["slug"]}&updatedSince={Uri.EscapeDataString(DateTimeOffset.Parse((string)fresh["updatedAt"]!).ToString("O"))}"));
        Assert.Equal([Id(fresh)], changed);
        Assert.Equal(2, Ids(await List($"tag={tag["slug"]}&updatedSince={Uri.EscapeDataString(DateTimeOffset.Parse((string)old["updatedAt"]!).ToString("O"))}")).Count);
        Assert.True(oldUpdated < DateTimeOffset.Parse((string)fresh["updatedAt"]!));
    }

    [Fact]
    public async Task Count_false_skips_the_total()
    {
        var tag = await _client.CreateTag();
        await Publish("2024-06-19T12:04:00+07:00", tags: [tag]);
        await Publish("2024-06-18T12:04:00+07:00", tags: [tag]);

        var page = await List($"tag={tag["slug"]}&pageSize=1&count=false");

        Assert.Equal(1, (int)page["meta"]!["page"]!);
        Assert.False(page["meta"]!.AsObject().ContainsKey("totalItems"));
        Assert.False(page["meta"]!.AsObject().ContainsKey("totalPages"));
        Assert.NotNull(page["meta"]!["nextCursor"]);
    }

    [Theory]
    [InlineData("-publishedAt")]
    [InlineData("publishedAt")]
    [InlineData("-createdAt")]
    [InlineData("title")]
    public async Task Scrolling_by_cursor_sees_every_article_once_while_new_ones_are_published(string sort)
    {
        var tag = await _client.CreateTag();
        var all = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            // Some share a publication time, so the id must break the tie.
            all.Add(Id(await Publish($"2024-06-{10 + i / 2:00}T12:00:00Z", tags: [tag], title: $"Berita {i % 7} {i:00}")));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await List($"tag={tag["slug"]}&sort={sort}&pageSize=5" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(Ids(page));
            Assert.False(cursor is not null && page["meta"]!.AsObject().ContainsKey("totalItems"));
            cursor = (string?)page["meta"]!["nextCursor"];
            pages++;
            // A story published meanwhile lands at the top (now), never inside what is left to scroll.
            all.Add(Id(await Publish(DateTimeOffset.UtcNow.ToString("O"), tags: [tag], title: $"Baru {pages}")));
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Count, seen.Intersect(all).Count());
        Assert.Superset(all.Take(23).ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task Fields_returns_only_the_named_fields_and_include_body_adds_the_body()
    {
        var tag = await _client.CreateTag();
        var article = await Publish("2024-06-19T12:04:00+07:00", tags: [tag]);

        var slim = await List($"tag={tag["slug"]}&fields=title,slug,publishedAt,subtitle");
        Assert.Equal(
            "{\"title\":\"" + article["title"] + "\",\"slug\":\"" + article["slug"] + "\",\"publishedAt\":\"2024-06-19T05:04:00Z\",\"subtitle\":null}",
            slim["data"]![0]!.ToJsonString());
        Assert.Equal(1, (int)slim["meta"]!["totalItems"]!);

        var withBody = await List($"tag={tag["slug"]}&include=body");
        Assert.Equal((string?)article["body"], (string?)withBody["data"]![0]!["body"]);
        Assert.Equal((string?)article["excerpt"], (string?)withBody["data"]![0]!["excerpt"]);
        Assert.False((await List($"tag={tag["slug"]}"))["data"]![0]!.AsObject().ContainsKey("body"));
        Assert.Equal((string?)article["body"], (string?)(await List($"tag={tag["slug"]}&fields=id,body"))["data"]![0]!["body"]);

        // Every field a summary shows may be named, those a full read adds to it too; one it leaves out (url, with no
        // frontend configured) stays out.
        var local = await List($"tag={tag["slug"]}&fields=url,publishedAtLocal,kicker");
        var item = local["data"]![0]!.AsObject();
        Assert.Equal(["publishedAtLocal", "kicker"], item.Select(p => p.Key));
        Assert.Equal(("2024-06-19T12:04:00+07:00", null), ((string?)item["publishedAtLocal"], (string?)item["kicker"]));
        var every = string.Join(',', (await List($"tag={tag["slug"]}&include=body"))["data"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(every.Split(','), (await List($"tag={tag["slug"]}&fields={every}"))["data"]![0]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("fields=title,wordcount", "fields")]
    [InlineData("fields=,", "fields")]
    [InlineData("include=comments", "include")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("tagMode=some", "tagMode")]
    [InlineData("publishedAfter=yesterday", "publishedAfter")]
    [InlineData("updatedSince=2024-13-45", "updatedSince")]
    [InlineData("count=maybe", "count")]
    public async Task Bad_query_values_answer_400_naming_them(string query, string parameter)
    {
        await (await _client.GetAsync($"/api/v1/articles?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", parameter);
    }

    [Fact]
    public async Task A_cursor_from_another_sort_or_with_a_page_is_refused()
    {
        var tag = await _client.CreateTag();
        await Publish("2024-06-19T12:04:00+07:00", tags: [tag]);
        await Publish("2024-06-18T12:04:00+07:00", tags: [tag]);
        var cursor = (string)(await List($"tag={tag["slug"]}&pageSize=1"))["meta"]!["nextCursor"]!;

        await (await _client.GetAsync($"/api/v1/articles?sort=title&cursor={cursor}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "cursor");
        await (await _client.GetAsync($"/api/v1/articles?page=2&cursor={cursor}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "page");
    }

    private async Task<JsonNode> Publish(string publishedAt, JsonNode[] tags, string language = "id", string? title = null)
    {
        var author = await _client.CreateAuthor();
        return await _client.CreateArticle(new
        {
            title = title ?? Http.Unique("Berita"), status = "published", publishedAt, language,
            authors = new[] { new { authorId = (string)author["id"]! } },
            tags = tags.Select(t => new { tagId = (string)t["id"]! }).ToArray(),
        });
    }

    private async Task<JsonNode> List(string query) =>
        await (await _client.GetAsync($"/api/v1/articles?{query}")).Expect(HttpStatusCode.OK);

    private static string Id(JsonNode node) => (string)node["id"]!;

    private static List<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(a => Id(a!)).ToList();
}

public sealed class ArticleQueryTestsOnSqlite(SqliteCmsFactory factory) : ArticleQueryTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ArticleQueryTestsOnPostgres(PostgresCmsFactory factory) : ArticleQueryTests(factory), IClassFixture<PostgresCmsFactory>;
