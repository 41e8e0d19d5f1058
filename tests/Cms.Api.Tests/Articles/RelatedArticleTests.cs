using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Articles;

public abstract class RelatedArticleTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Related_articles_share_the_most_tags_newer_first_and_never_the_story_itself()
    {
        var (a, b, c) = (await _client.CreateTag(), await _client.CreateTag(), await _client.CreateTag());
        var story = await Article("published", "2024-06-19T12:00:00Z", a, b, c);
        var twoOlder = await Article("published", "2024-06-10T12:00:00Z", a, b);
        var twoNewer = await Article("published", "2024-06-15T12:00:00Z", b, a);
        var one = await Article("published", "2024-06-18T12:00:00Z", c);
        await Article("published", "2024-06-18T12:00:00Z", await _client.CreateTag());
        await Article("draft", null, a, b, c);

        var related = await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/{story["id"]}/related"))
            .Expect(HttpStatusCode.OK);

        Assert.Equal([Id(twoNewer), Id(twoOlder), Id(one)], related["data"]!.AsArray().Select(x => Id(x!)));
        var two = await (await _client.GetAsync($"/api/v1/articles/{story["id"]}/related?limit=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([Id(twoNewer), Id(twoOlder)], two["data"]!.AsArray().Select(x => Id(x!)));
    }

    [Fact]
    public async Task Related_of_a_story_readers_cannot_see_is_404_and_a_bad_limit_400()
    {
        var draft = await Article("draft", null, await _client.CreateTag());

        await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/{draft["id"]}/related"))
            .ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync($"/api/v1/articles/{draft["id"]}/related")).Expect(HttpStatusCode.OK);
        await (await _client.GetAsync($"/api/v1/articles/{Guid.NewGuid()}/related")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync($"/api/v1/articles/{draft["id"]}/related?limit=21"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "limit");
    }

    private async Task<JsonNode> Article(string status, string? publishedAt, params JsonNode[] tags)
    {
        var author = await _client.CreateAuthor();
        return await _client.CreateArticle(new
        {
            status, publishedAt, authors = new[] { new { authorId = (string)author["id"]! } },
            tags = tags.Select(t => new { tagId = (string)t["id"]! }).ToArray(),
        });
    }

    private static string Id(JsonNode node) => (string)node["id"]!;
}

public sealed class RelatedArticleTestsOnSqlite(SqliteCmsFactory factory) : RelatedArticleTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class RelatedArticleTestsOnPostgres(PostgresCmsFactory factory) : RelatedArticleTests(factory), IClassFixture<PostgresCmsFactory>;
