using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Articles;

/// <summary>Each test filters on a tag or author of its own, so other tests' articles never interfere.</summary>
public abstract class ArticleListTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_default_order_is_newest_published_first_with_undated_drafts_last()
    {
        var (tag, author) = await TagAndAuthor();
        var old = await Publish(tag, author, "2024-01-01T08:00:00+07:00");
        var draft = await _client.CreateArticle(new { tags = Ref(tag, "tagId") });
        var recent = await Publish(tag, author, "2024-06-19T12:04:00+07:00");

        var page = await List($"tag={tag["slug"]}");

        Assert.Equal([Id(recent), Id(old), Id(draft)], Ids(page));
        Assert.Equal("{\"page\":1,\"pageSize\":20,\"totalItems\":3,\"totalPages\":1}", page["meta"]!.ToJsonString());
        Assert.All(page["data"]!.AsArray(), item => Assert.False(item!.AsObject().ContainsKey("body")));
    }

    [Fact]
    public async Task Filters_by_status_tag_and_author_combine()
    {
        var (tag, author) = await TagAndAuthor();
        var (otherTag, otherAuthor) = await TagAndAuthor();
        var wanted = await Publish(tag, author, "2024-06-19T12:04:00+07:00");
        await Publish(otherTag, author, "2024-06-19T12:04:00+07:00");
        await Publish(tag, otherAuthor, "2024-06-19T12:04:00+07:00");
        await _client.CreateArticle(new { tags = Ref(tag, "tagId"), authors = Ref(author, "authorId") });

        Assert.Equal([Id(wanted)], Ids(await List($"status=published&tag={tag["slug"]}&author={author["slug"]}")));
        Assert.Equal(2, Ids(await List($"tag={tag["slug"]}&author={author["slug"]}")).Count);
        Assert.Equal(3, Ids(await List($"author={author["slug"]}")).Count);
        Assert.Empty(Ids(await List("tag=no-such-tag")));
    }

    [Fact]
    public async Task Sorts_by_title_and_created_at_both_ways_and_pages()
    {
        var (tag, _) = await TagAndAuthor();
        foreach (var title in new[] { "Beta", "Alfa", "Gama" })
        {
            await _client.CreateArticle(new { title, tags = Ref(tag, "tagId") });
        }

        Assert.Equal(["Alfa", "Beta", "Gama"], Titles(await List($"tag={tag["slug"]}&sort=title")));
        Assert.Equal(["Gama", "Beta", "Alfa"], Titles(await List($"tag={tag["slug"]}&sort=-title")));
        Assert.Equal(["Beta", "Alfa", "Gama"], Titles(await List($"tag={tag["slug"]}&sort=createdAt")));
        Assert.Equal(["Gama", "Alfa", "Beta"], Titles(await List($"tag={tag["slug"]}&sort=-createdAt")));
        var second = await List($"tag={tag["slug"]}&sort=title&page=2&pageSize=2");
        Assert.Equal(["Gama"], Titles(second));
        Assert.Equal("{\"page\":2,\"pageSize\":2,\"totalItems\":3,\"totalPages\":2}", second["meta"]!.ToJsonString());
    }

    [Fact]
    public async Task A_page_of_articles_with_bylines_and_tags_takes_one_query_plus_the_count()
    {
        var (tag, author) = await TagAndAuthor();
        var (otherTag, otherAuthor) = await TagAndAuthor();
        for (var i = 0; i < 30; i++)
        {
            await _client.CreateArticle(new
            {
                status = "published", publishedAt = "2024-06-19T12:04:00+07:00",
                authors = new[] { new { authorId = (string)author["id"]! }, new { authorId = (string)otherAuthor["id"]! } },
                tags = new[] { new { tagId = (string)tag["id"]! }, new { tagId = (string)otherTag["id"]! } },
            });
        }

        // Another counted list first: it asks, if anything moved since the last, when the next scheduled story comes.
        await List("language=xx");
        using var counter = new CommandCounter(factory.ConnectionString);
        var page = await List($"tag={tag["slug"]}&pageSize=25");

        Assert.Equal(25, page["data"]!.AsArray().Count);
        Assert.All(page["data"]!.AsArray(), a => Assert.Equal(2, a!["authors"]!.AsArray().Count));
        Assert.All(page["data"]!.AsArray(), a => Assert.Equal([(string)tag["slug"]!, (string)otherTag["slug"]!],
            a!["tags"]!.AsArray().Select(t => (string)t!["slug"]!)));
        // The rows with their bylines and tags (each article's copy) and the total: one query each, whatever the page's size.
        Assert.Equal(2, counter.Commands.Count);
        Assert.Single(counter.Commands, c => c.Contains("count(", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("sort=popularity", "sort")]
    [InlineData("sort=published_at", "sort")]
    [InlineData("status=live", "status")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=ten", "pageSize")]
    public async Task Bad_query_parameters_answer_400_naming_the_parameter(string query, string parameter)
    {
        await (await _client.GetAsync($"/api/v1/articles?{query}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", parameter);
    }

    private async Task<(JsonNode Tag, JsonNode Author)> TagAndAuthor() =>
        (await _client.CreateTag(), await _client.CreateAuthor());

    private Task<JsonNode> Publish(JsonNode tag, JsonNode author, string publishedAt) =>
        _client.CreateArticle(new
        {
            status = "published", publishedAt, tags = Ref(tag, "tagId"), authors = Ref(author, "authorId"),
        });

    private async Task<JsonNode> List(string query) =>
        await (await _client.GetAsync($"/api/v1/articles?{query}")).Expect(HttpStatusCode.OK);

    private static JsonArray Ref(JsonNode node, string field) =>
        new(new JsonObject { [field] = (string)node["id"]! });

    private static string Id(JsonNode node) => (string)node["id"]!;

    private static List<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(a => Id(a!)).ToList();

    private static List<string> Titles(JsonNode page) => page["data"]!.AsArray().Select(a => (string)a!["title"]!).ToList();
}

public sealed class ArticleListTestsOnSqlite(SqliteCmsFactory factory) : ArticleListTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ArticleListTestsOnPostgres(PostgresCmsFactory factory) : ArticleListTests(factory), IClassFixture<PostgresCmsFactory>;
