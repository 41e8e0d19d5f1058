using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// Readers' tag and author pages take their candidates from the link tables' own index (ListedAt);
/// they must list exactly what the general query lists, and follow every publish, unpublish and move.
/// </summary>
public abstract class TagAndAuthorPageTests(CmsFactory factory)
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();

    [Theory]
    [InlineData("-publishedAt")]
    [InlineData("publishedAt")]
    public async Task The_index_path_lists_what_the_general_query_lists_by_page_cursor_and_date_range(string sort)
    {
        var tag = await _editor.CreateTag();
        var author = await _editor.CreateAuthor();
        for (var i = 0; i < 14; i++)
        {
            // Pairs share a time, so the id decides; every third is a draft, which readers never see.
            await _editor.CreateArticle(new
            {
                status = i % 3 == 2 ? "draft" : "published", publishedAt = $"2024-06-{10 + i / 2:00}T12:00:00Z",
                authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
            });
        }

        foreach (var filter in new[] { $"tag={tag["slug"]}", $"author={author["slug"]}" })
        {
            // language=id takes the general path; the readers' page takes the index path.
            var general = Ids(await Get(_editor, $"{filter}&status=published&language=id&sort={sort}&pageSize=100"));
            Assert.Equal(10, general.Count);
            Assert.Equal(general, Ids(await Get(_public, $"{filter}&sort={sort}&pageSize=100")));
            Assert.Equal(general.Skip(3).Take(3), Ids(await Get(_public, $"{filter}&sort={sort}&pageSize=3&page=2")));
            Assert.Equal(10, (int)(await Get(_public, $"{filter}&sort={sort}&pageSize=3"))["meta"]!["totalItems"]!);

            var scrolled = new List<string>();
            string? cursor = null;
            do
            {
                var page = await Get(_public, $"{filter}&sort={sort}&pageSize=4" + (cursor is null ? "" : $"&cursor={cursor}"));
                scrolled.AddRange(Ids(page));
                cursor = (string?)page["meta"]!["nextCursor"];
            }
            while (cursor is not null && scrolled.Count < 50);
            Assert.Equal(general, scrolled);

            var range = Ids(await Get(_editor, $"{filter}&status=published&language=id&sort={sort}&publishedAfter=2024-06-12&publishedBefore=2024-06-15"));
            Assert.Equal(range, Ids(await Get(_public, $"{filter}&sort={sort}&publishedAfter=2024-06-12&publishedBefore=2024-06-15")));
            Assert.NotEmpty(range);
        }
    }

    [Fact]
    public async Task Front_tag_and_author_pages_answer_as_a_date_range_holding_every_story_does()
    {
        var tag = await _editor.CreateTag();
        var author = await _editor.CreateAuthor();
        for (var i = 0; i < 9; i++)
        {
            // Pairs share a time (the id decides); a draft and a story scheduled for 2100 that readers never see.
            await _editor.CreateArticle(new
            {
                status = i == 4 ? "draft" : "published", publishedAt = i == 7 ? "2100-01-01T00:00:00Z" : $"2024-06-{10 + i / 2:00}T12:00:00Z",
                featureImage = i % 2 == 0 ? new { url = "https://example.com/a.jpg", caption = "Presiden", credit = "Net" } : null,
                authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
            });
        }

        foreach (var filter in new[] { "", $"tag={tag["slug"]}&", $"author={author["slug"]}&" })
        {
            for (var page = 1; page <= 3; page++)
            {
                // A date range that holds every visible story: the same list, through the range's own conditions.
                var plain = await Get(_public, $"{filter}pageSize=3&page={page}");
                var general = await Get(_public, $"{filter}pageSize=3&page={page}&publishedBefore=2099-01-01");
                Assert.Equal(general.ToJsonString(), plain.ToJsonString());
                Assert.NotEmpty(plain["data"]!.AsArray());
            }
        }
    }

    [Fact]
    public async Task A_readers_tag_page_reads_the_link_index_and_a_filtered_one_does_not()
    {
        var tag = await _editor.CreateTag();
        await Publish(tag, await _editor.CreateAuthor(), "2024-06-10T12:00:00Z");

        using (var counter = new CommandCounter(factory.ConnectionString))
        {
            await Get(_public, $"tag={tag["slug"]}&count=false");
            Assert.Contains(counter.Commands, c => c.Contains("ArticleTags") && c.Contains("ListedAt"));
        }
        using (var counter = new CommandCounter(factory.ConnectionString))
        {
            await Get(_public, $"tag={tag["slug"]}&count=false&language=id");
            Assert.Contains(counter.Commands, c => c.Contains("ArticleTags"));
            Assert.DoesNotContain(counter.Commands, c => c.Contains("ListedAt"));
        }
    }

    [Fact]
    public async Task Pages_and_counts_follow_unpublish_republish_and_a_new_publication_time()
    {
        var tag = await _editor.CreateTag();
        var author = await _editor.CreateAuthor();
        var older = await Publish(tag, author, "2024-06-10T12:00:00Z");
        var newer = await Publish(tag, author, "2024-06-11T12:00:00Z");
        Assert.Equal([Id(newer), Id(older)], Ids(await Get(_public, $"tag={tag["slug"]}")));

        await Act(newer, "unpublish");
        Assert.Equal([Id(older)], Ids(await Get(_public, $"tag={tag["slug"]}")));
        Assert.Equal([Id(older)], Ids(await Get(_public, $"author={author["slug"]}")));
        Assert.Equal(1, await Count("tags", tag));
        Assert.Equal(1, await Count("authors", author));

        var current = await _editor.GetAsync($"/api/v1/articles/{Id(newer)}");
        await (await _editor.Patch($"/api/v1/articles/{Id(newer)}", new { status = "published", publishedAt = "2024-06-01T12:00:00Z" },
            current.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal([Id(older), Id(newer)], Ids(await Get(_public, $"tag={tag["slug"]}")));
        Assert.Equal(2, await Count("tags", tag));

        await Act(older, "archive");
        Assert.Equal([Id(newer)], Ids(await Get(_public, $"author={author["slug"]}")));
        Assert.Equal(1, await Count("authors", author));
    }

    private async Task Act(JsonNode article, string action)
    {
        var current = await _editor.GetAsync($"/api/v1/articles/{Id(article)}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/articles/{Id(article)}/{action}");
        request.Headers.TryAddWithoutValidation("If-Match", current.ETag());
        await (await _editor.SendAsync(request)).Expect(HttpStatusCode.OK);
    }

    private async Task<int> Count(string collection, JsonNode item)
    {
        var page = await Get(_public, "pageSize=100", $"/api/v1/{collection}");
        return (int)page["data"]!.AsArray().Single(x => (string?)x!["id"] == Id(item))!["articleCount"]!;
    }

    private async Task<JsonNode> Publish(JsonNode tag, JsonNode author, string publishedAt) =>
        await _editor.CreateArticle(new
        {
            status = "published", publishedAt,
            authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
        });

    private static async Task<JsonNode> Get(HttpClient client, string query, string path = "/api/v1/articles") =>
        await (await client.GetAsync($"{path}?{query}")).Expect(HttpStatusCode.OK);

    private static string Id(JsonNode node) => (string)node["id"]!;

    private static List<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(a => Id(a!)).ToList();
}

public sealed class TagAndAuthorPageTestsOnSqlite(SqliteCmsFactory factory) : TagAndAuthorPageTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class TagAndAuthorPageTestsOnPostgres(PostgresCmsFactory factory) : TagAndAuthorPageTests(factory), IClassFixture<PostgresCmsFactory>;
