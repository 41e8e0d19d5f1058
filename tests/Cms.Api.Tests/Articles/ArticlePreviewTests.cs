using System.Net;
using System.Text.Json.Nodes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>Preview links: one draft, for an anonymous client, until they expire, never cached publicly.</summary>
public abstract class ArticlePreviewTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();

    [Fact]
    public async Task A_preview_link_shows_its_draft_to_an_anonymous_client_and_nothing_else()
    {
        var draft = await _editor.CreateArticle(new { title = "Draf: Putin tiba" });
        var link = await (await _editor.PostAsync($"/api/v1/articles/{draft["id"]}/preview", null)).Expect(HttpStatusCode.OK);
        var token = (string)link["token"]!;
        Assert.Equal((string?)draft["id"], (string?)link["articleId"]);
        Assert.Equal(factory.Clock.GetUtcNow().AddHours(24).ToUnixTimeSeconds(), DateTimeOffset.Parse((string)link["expiresAt"]!).ToUnixTimeSeconds(), 1.0);

        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync($"/api/v1/articles/{draft["id"]}")).StatusCode);
        var read = await _public.GetAsync((string)link["path"]!);
        var article = await read.Expect(HttpStatusCode.OK);
        Assert.Equal(("Draf: Putin tiba", "draft"), ((string?)article["title"], (string?)article["status"]));
        Assert.Null(article["createdByKeyId"]);
        Assert.True(read.Headers.CacheControl is { Private: true, NoStore: true, Public: false });
        var bySlug = await (await _public.GetAsync($"/api/v1/articles/slug/{draft["slug"]}?preview={Uri.EscapeDataString(token)}")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)draft["id"], (string?)bySlug["id"]);

        // Not cached: a change made behind the API's back shows at once.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var id = Guid.Parse((string)draft["id"]!);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Articles.Where(a => a.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "Draf: Putin dan Kim"));
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().DataProtectionKeys.ToListAsync());
        }
        Assert.Equal("Draf: Putin dan Kim", (string?)(await (await _public.GetAsync((string)link["path"]!)).Expect(HttpStatusCode.OK))["title"]);

        // Never for another article; a changed token is nobody's.
        var other = await _editor.CreateArticle();
        var foreign = await (await _public.GetAsync($"/api/v1/articles/{other["id"]}?preview={Uri.EscapeDataString(token)}"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_preview");
        Assert.Contains("another article", (string?)foreign["detail"]);
        var forged = token[..^4] + (token.EndsWith("AAAA") ? "BBBB" : "AAAA");
        await (await _public.GetAsync($"/api/v1/articles/{draft["id"]}?preview={Uri.EscapeDataString(forged)}"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_preview");
        await (await _public.GetAsync($"/api/v1/articles/{draft["id"]}?preview=nonsense")).ExpectProblem(HttpStatusCode.Unauthorized, "invalid_preview");
    }

    [Fact]
    public async Task A_preview_link_expires_and_dies_with_its_article()
    {
        var draft = await _editor.CreateArticle();
        var path = (string)(await (await _editor.PostAsync($"/api/v1/articles/{draft["id"]}/preview", null)).Expect(HttpStatusCode.OK))["path"]!;
        factory.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(path)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var expired = await (await _public.GetAsync(path)).ExpectProblem(HttpStatusCode.Unauthorized, "preview_expired");
        Assert.Contains("expired", (string?)expired["detail"]);

        var other = await _editor.CreateArticle();
        var otherPath = (string)(await (await _editor.PostAsync($"/api/v1/articles/{other["id"]}/preview", null)).Expect(HttpStatusCode.OK))["path"]!;
        await (await _editor.DeleteAsync($"/api/v1/articles/{other["id"]}")).Expect(HttpStatusCode.NoContent);
        await (await _public.GetAsync(otherPath)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Only_drafts_and_scheduled_stories_have_preview_links()
    {
        var author = await _editor.CreateAuthor();
        var byline = new[] { new { authorId = (string)author["id"]! } };
        var published = await _editor.CreateArticle(new { status = "published", publishedAt = "2024-06-19T05:04:00Z", authors = byline });
        await (await _editor.PostAsync($"/api/v1/articles/{published["id"]}/preview", null)).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        var scheduled = await _editor.CreateArticle(new
        {
            status = "scheduled", publishedAt = factory.Clock.GetUtcNow().AddDays(1).ToString("O"), authors = byline,
        });
        var path = (string)(await (await _editor.PostAsync($"/api/v1/articles/{scheduled["id"]}/preview", null)).Expect(HttpStatusCode.OK))["path"]!;
        Assert.Equal("scheduled", (string?)(await (await _public.GetAsync(path)).Expect(HttpStatusCode.OK))["status"]);
        await (await _editor.PostAsync($"/api/v1/articles/{Guid.NewGuid()}/preview", null)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _public.PostAsync($"/api/v1/articles/{scheduled["id"]}/preview", null)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}

public sealed class ArticlePreviewTestsOnSqlite(SqliteClockFactory factory)
    : ArticlePreviewTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class ArticlePreviewTestsOnPostgres(PostgresClockFactory factory)
    : ArticlePreviewTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;
