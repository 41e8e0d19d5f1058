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

    [Fact]
    public async Task A_page_by_slug_gets_related_by_slug_with_the_fields_it_asks_for()
    {
        var tag = await _client.CreateTag();
        var story = await Article("published", "2024-06-19T05:04:00Z", tag);
        var other = await Article("published", "2024-06-18T05:04:00Z", tag);
        var reader = factory.CreateAnonymousClient();

        var byId = await (await reader.GetAsync($"/api/v1/articles/{story["id"]}/related")).Expect(HttpStatusCode.OK);
        var bySlug = await (await reader.GetAsync($"/api/v1/articles/slug/{story["slug"]}/related")).Expect(HttpStatusCode.OK);
        Assert.Equal(byId.ToJsonString(), bySlug.ToJsonString());
        Assert.Equal([Id(other)], bySlug["data"]!.AsArray().Select(x => Id(x!)));

        // Only the fields asked for, any a summary shows.
        var slim = await (await reader.GetAsync($"/api/v1/articles/slug/{story["slug"]}/related?fields=title,publishedAtLocal,kicker"))
            .Expect(HttpStatusCode.OK);
        var item = slim["data"]![0]!.AsObject();
        Assert.Equal(["title", "publishedAtLocal", "kicker"], item.Select(p => p.Key));
        Assert.Equal("2024-06-18T12:04:00+07:00", (string?)item["publishedAtLocal"]);
        await (await reader.GetAsync($"/api/v1/articles/{story["id"]}/related?fields=title,nope"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "fields");

        // An old slug moves to the current one's related; a slug no story had, or a draft's, is 404.
        var renamed = await (await _client.Patch($"/api/v1/articles/{story["id"]}", new { slug = $"baru-{Guid.NewGuid():N}" }, "*"))
            .Expect(HttpStatusCode.OK);
        var moved = await factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync($"/api/v1/articles/slug/{story["slug"]}/related");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/api/v1/articles/slug/{renamed["slug"]}/related", moved.Headers.Location?.OriginalString);
        await (await reader.GetAsync("/api/v1/articles/slug/tidak-ada/related")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        var draft = await Article("draft", null, tag);
        await (await reader.GetAsync($"/api/v1/articles/slug/{draft["slug"]}/related")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
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
