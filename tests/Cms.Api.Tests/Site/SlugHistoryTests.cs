using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cms.Api.Tests.Site;

/// <summary>A changed slug keeps leading to its resource (301), and stays that resource's.</summary>
public abstract class SlugHistoryTests(CmsFactory factory)
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _reader = NoRedirects(factory, key: false);
    private readonly HttpClient _keyed = NoRedirects(factory, key: true);

    [Fact]
    public async Task A_read_by_an_old_article_slug_is_sent_to_the_current_one()
    {
        var (first, second, third) = (Slug("putin-tiba"), Slug("putin-tiba-di-pyongyang"), Slug("putin-dan-kim"));
        var author = await _editor.CreateAuthor();
        var article = await _editor.CreateArticle(new
        {
            slug = first, status = "published", publishedAt = "2024-06-19T05:04:00Z", authors = new[] { new { authorId = (string)author["id"]! } },
        });
        await Rename("articles", article, second);

        var moved = await _reader.GetAsync($"/api/v1/articles/slug/{first}");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/api/v1/articles/slug/{second}", moved.Headers.Location?.OriginalString);
        var body = JsonNode.Parse(await moved.Content.ReadAsStringAsync())!;
        Assert.Equal((second, $"https://www.contoh.id/read/2024/06/19/{second}", $"/api/v1/articles/slug/{second}"),
            ((string?)body["slug"], (string?)body["url"], (string?)body["location"]));
        var jsonLd = await _reader.GetAsync($"/api/v1/articles/slug/{first}/jsonld");
        Assert.Equal((HttpStatusCode.MovedPermanently, $"/api/v1/articles/slug/{second}/jsonld"),
            (jsonLd.StatusCode, jsonLd.Headers.Location?.OriginalString));
        // A client that follows redirects lands on the article.
        var followed = await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/slug/{first}")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)article["id"], (string?)followed["id"]);

        // Renamed again: every old slug leads to the newest; taken back: the others lead to it.
        await Rename("articles", article, third);
        Assert.Equal($"/api/v1/articles/slug/{third}", (await _reader.GetAsync($"/api/v1/articles/slug/{first}")).Headers.Location?.OriginalString);
        Assert.Equal($"/api/v1/articles/slug/{third}", (await _reader.GetAsync($"/api/v1/articles/slug/{second}")).Headers.Location?.OriginalString);
        await Rename("articles", article, first);
        Assert.Equal(HttpStatusCode.OK, (await _reader.GetAsync($"/api/v1/articles/slug/{first}")).StatusCode);
        Assert.Equal($"/api/v1/articles/slug/{first}", (await _reader.GetAsync($"/api/v1/articles/slug/{third}")).Headers.Location?.OriginalString);

        // The feeds and sitemaps know only the current address.
        var feed = await (await _reader.GetAsync($"/api/v1/feeds/json?author={author["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal($"https://www.contoh.id/read/2024/06/19/{first}", (string?)feed["items"]![0]!["url"]);
    }

    [Fact]
    public async Task An_old_slug_stays_its_resources_until_that_is_deleted()
    {
        var (old, current) = (Slug("berita-lama"), Slug("berita-baru"));
        var article = await _editor.CreateArticle(new { slug = old });
        await Rename("articles", article, current);

        var taken = await (await _editor.Post("/api/v1/articles", new JsonObject { ["title"] = "Lain", ["slug"] = old }.ToJsonString()))
            .ExpectProblem(HttpStatusCode.Conflict, "slug_reserved");
        Assert.Contains(old, (string?)taken["detail"]);
        Assert.NotNull(taken["errors"]!["slug"]);
        var other = await _editor.CreateArticle();
        var etag = (await _editor.GetAsync($"/api/v1/articles/{other["id"]}")).ETag();
        await (await _editor.Patch($"/api/v1/articles/{other["id"]}", new { slug = old }, etag)).ExpectProblem(HttpStatusCode.Conflict, "slug_reserved");
        // A slug made from a title skips it.
        var titled = await _editor.CreateArticle(new { title = old.Replace('-', ' ') });
        Assert.Equal($"{old}-2", (string?)titled["slug"]);

        // A draft's old slug tells a reader nothing; a key is sent on.
        Assert.Equal(HttpStatusCode.NotFound, (await _reader.GetAsync($"/api/v1/articles/slug/{old}")).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await _keyed.GetAsync($"/api/v1/articles/slug/{old}")).StatusCode);

        await (await _editor.DeleteAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await _keyed.GetAsync($"/api/v1/articles/slug/{old}")).StatusCode);
        await _editor.CreateArticle(new { slug = old });
    }

    [Fact]
    public async Task Authors_and_tags_keep_their_old_slugs_too()
    {
        var (oldTag, newTag, oldAuthor, newAuthor) = (Slug("pilpres"), Slug("pemilu-presiden"), Slug("rina"), Slug("rina-wulandari"));
        var tag = await (await _editor.Post("/api/v1/tags", new JsonObject { ["name"] = "Pilpres", ["slug"] = oldTag }.ToJsonString()))
            .Expect(HttpStatusCode.Created);
        var author = await _editor.CreateAuthor(extra: new { slug = oldAuthor });
        await Rename("tags", tag, newTag);
        await Rename("authors", author, newAuthor);

        var movedTag = await _reader.GetAsync($"/api/v1/tags/slug/{oldTag}");
        Assert.Equal((HttpStatusCode.MovedPermanently, $"/api/v1/tags/slug/{newTag}"), (movedTag.StatusCode, movedTag.Headers.Location?.OriginalString));
        Assert.Equal($"https://www.contoh.id/tag/{newTag}", (string?)JsonNode.Parse(await movedTag.Content.ReadAsStringAsync())!["url"]);
        var movedAuthor = await _reader.GetAsync($"/api/v1/authors/slug/{oldAuthor}");
        Assert.Equal((HttpStatusCode.MovedPermanently, $"/api/v1/authors/slug/{newAuthor}"),
            (movedAuthor.StatusCode, movedAuthor.Headers.Location?.OriginalString));
        Assert.Equal($"https://www.contoh.id/about/{newAuthor}", (string?)JsonNode.Parse(await movedAuthor.Content.ReadAsStringAsync())!["url"]);

        await (await _editor.Post("/api/v1/tags", new JsonObject { ["name"] = "Lain", ["slug"] = oldTag }.ToJsonString()))
            .ExpectProblem(HttpStatusCode.Conflict, "slug_reserved");
        await (await _editor.Post("/api/v1/authors", new JsonObject { ["name"] = "Lain", ["slug"] = oldAuthor }.ToJsonString()))
            .ExpectProblem(HttpStatusCode.Conflict, "slug_reserved");
        // Kinds are apart: a tag's old slug is free for an author.
        await _editor.CreateAuthor(extra: new { slug = oldTag });
    }

    private async Task Rename(string kind, JsonNode resource, string slug)
    {
        var etag = (await _editor.GetAsync($"/api/v1/{kind}/{resource["id"]}")).ETag();
        await (await _editor.Patch($"/api/v1/{kind}/{resource["id"]}", new { slug }, etag)).Expect(HttpStatusCode.OK);
    }

    private static string Slug(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static HttpClient NoRedirects(CmsFactory factory, bool key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (!key)
        {
            client.DefaultRequestHeaders.Authorization = null;
        }
        return client;
    }
}

public sealed class SlugHistoryTestsOnSqlite(SqliteSiteFactory factory) : SlugHistoryTests(factory), IClassFixture<SqliteSiteFactory>;

public sealed class SlugHistoryTestsOnPostgres(PostgresSiteFactory factory) : SlugHistoryTests(factory), IClassFixture<PostgresSiteFactory>;
