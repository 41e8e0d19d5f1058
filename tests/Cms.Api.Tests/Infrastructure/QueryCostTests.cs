using System.Net;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// Each list is one round trip for its rows (bylines and tags come with them, from each article's copy), plus
/// one for the total when it counts; a single article is one.
/// </summary>
public abstract class QueryCostTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    // After a write, a counted article list is its rows (with their bylines and tags) and its total; until the next
    // write it is its rows alone (a write that changes when a story appears also makes the next read ask when the next
    // scheduled story comes, which bounds how long a total holds). Author and tag lists: their rows and total,
    // plus after a write every author's or tag's articleCount in one query. On PostgreSQL a search whose last
    // word is being typed (no space after it) also looks up that word's completions first.
    [Theory]
    [InlineData("/api/v1/authors?pageSize=50", 3, 2)]
    [InlineData("/api/v1/tags?pageSize=50", 3, 2)]
    [InlineData("/api/v1/articles?pageSize=50", 2, 1)]
    [InlineData("/api/v1/articles?pageSize=50&count=false", 1, 1)]
    [InlineData("/api/v1/articles?pageSize=50&q=berita", 2, 1)]
    [InlineData("/api/v1/articles?pageSize=50&q=berita&sort=-publishedAt&count=false", 1, 1)]
    [InlineData("/api/v1/articles?pageSize=50&include=body&fields=title,body,authors,tags", 2, 1)]
    public async Task A_list_takes_a_fixed_number_of_queries_whatever_its_size(string url, int first, int later)
    {
        await Seed();
        var completions = factory.Provider == "Postgres" && url.Contains("q=") ? 1 : 0;

        foreach (var queries in new[] { first + completions, later + completions })
        {
            using var counter = new CommandCounter(factory.ConnectionString);
            var page = await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);

            Assert.True(page["data"]!.AsArray().Count >= 2);
            Assert.Equal(queries, counter.Commands.Count);
        }
    }

    [Fact]
    public async Task A_write_makes_the_total_count_again()
    {
        await Seed();
        var before = (int)(await (await _client.GetAsync("/api/v1/articles?status=draft")).Expect(HttpStatusCode.OK))["meta"]!["totalItems"]!;
        await _client.CreateArticle();
        var after = (int)(await (await _client.GetAsync("/api/v1/articles?status=draft")).Expect(HttpStatusCode.OK))["meta"]!["totalItems"]!;
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task A_sync_page_takes_a_fixed_number_of_queries()
    {
        await Seed();

        using var counter = new CommandCounter(factory.ConnectionString);
        var page = await (await _client.GetAsync("/api/v1/sync?limit=500")).Expect(HttpStatusCode.OK);

        Assert.True(page["data"]!.AsArray().Count >= 17);
        // The change log, newly visible scheduled stories, collections whose scheduled arrangement took effect, then
        // articles (with their bylines and tags), authors and tags: one each.
        Assert.Equal(6, counter.Commands.Count);
    }

    [Fact]
    public async Task Following_a_cursor_takes_one_query()
    {
        await Seed();
        var first = await (await _client.GetAsync("/api/v1/articles?pageSize=5")).Expect(HttpStatusCode.OK);
        var next = $"/api/v1/articles?pageSize=5&cursor={first["meta"]!["nextCursor"]}";

        using var counter = new CommandCounter(factory.ConnectionString);
        await (await _client.GetAsync(next)).Expect(HttpStatusCode.OK);

        Assert.Single(counter.Commands); // the rows, with their bylines and tags
    }

    [Fact]
    public async Task An_article_with_its_bylines_and_tags_is_one_query_on_one_table()
    {
        await Seed();
        var list = await (await _client.GetAsync("/api/v1/articles?pageSize=1")).Expect(HttpStatusCode.OK);
        var slug = (string)list["data"]![0]!["slug"]!;

        using var counter = new CommandCounter(factory.ConnectionString);
        var article = await (await _client.GetAsync($"/api/v1/articles/slug/{slug}")).Expect(HttpStatusCode.OK);

        Assert.Equal(2, article["authors"]!.AsArray().Count);
        Assert.Equal(3, article["tags"]!.AsArray().Count);
        // The article's row holds its bylines and tags with their names (ArticleLinkCopies): no join.
        var command = Assert.Single(counter.Commands);
        Assert.DoesNotContain("JOIN", command, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/v1/articles?pageSize=5", false)]
    [InlineData("/api/v1/articles?pageSize=5&q=berita", false)]
    [InlineData("/api/v1/articles?pageSize=5&include=body", true)]
    public async Task A_list_reads_the_body_only_when_it_is_asked_for(string url, bool body)
    {
        await Seed();

        using var counter = new CommandCounter(factory.ConnectionString);
        await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);

        Assert.Equal(body, counter.Commands.Any(c => c.Contains("\"Body\"")));
    }

    private async Task Seed()
    {
        var authors = new[] { await _client.CreateAuthor(), await _client.CreateAuthor() };
        var tags = new[] { await _client.CreateTag(), await _client.CreateTag(), await _client.CreateTag() };
        for (var i = 0; i < 12; i++)
        {
            await _client.CreateArticle(new
            {
                status = "published", publishedAt = $"2024-06-{i + 1:00}T12:00:00Z",
                authors = authors.Select(a => new { authorId = (string)a["id"]! }).ToArray(),
                tags = tags.Select(t => new { tagId = (string)t["id"]! }).ToArray(),
            });
        }
        // Another counted list: it asks, if everything moved since the last (a story scheduled by another test), when
        // the next scheduled story comes, so the lists measured do not.
        await (await _client.GetAsync("/api/v1/articles?language=xx")).Expect(HttpStatusCode.OK);
    }
}

public sealed class QueryCostTestsOnSqlite(SqliteCmsFactory factory) : QueryCostTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class QueryCostTestsOnPostgres(PostgresCmsFactory factory) : QueryCostTests(factory), IClassFixture<PostgresCmsFactory>;
