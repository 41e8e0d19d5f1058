using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// HTTP caching headers, compression, and the output cache: anonymous reads come from it, and a write
/// evicts exactly what it changed before it answers. To see whether a response came from the cache,
/// a test changes a row behind the API's back: a cached response still shows the old value.
/// </summary>
public abstract class CachingTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();

    [Fact]
    public async Task Every_read_has_an_etag_and_if_none_match_answers_304()
    {
        var tag = await _editor.CreateTag();
        await Publish(tag, "Berita Satu");

        foreach (var client in new[] { _public, _editor })
        {
            var list = await client.GetAsync($"/api/v1/articles?tag={tag["slug"]}");
            await list.Expect(HttpStatusCode.OK);
            var etag = list.Headers.ETag;
            Assert.NotNull(etag);
            var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?tag={tag["slug"]}");
            again.Headers.IfNoneMatch.Add(etag);
            var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        foreach (var url in new[] { "/api/v1/tags", "/api/v1/authors", "/api/v1/sync" })
        {
            Assert.NotNull((await _public.GetAsync(url)).Headers.ETag);
        }

        // The list's tag follows its body: once another story is in it, the old tag no longer answers 304.
        var before = (await _public.GetAsync($"/api/v1/articles?tag={tag["slug"]}")).Headers.ETag!;
        await Publish(tag, "Berita Dua");
        var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?tag={tag["slug"]}");
        stale.Headers.IfNoneMatch.Add(before);
        var changed = await _public.SendAsync(stale);
        await changed.Expect(HttpStatusCode.OK);
        Assert.NotEqual(before, changed.Headers.ETag);
    }

    [Fact]
    public async Task Anonymous_reads_are_public_and_keyed_ones_private()
    {
        var response = await _public.GetAsync("/api/v1/tags");
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 10 }, $"{response.Headers.CacheControl}");
        Assert.Contains("stale-while-revalidate=60", response.Headers.CacheControl!.ToString());

        var keyed = await _editor.GetAsync("/api/v1/tags");
        Assert.True(keyed.Headers.CacheControl is { Private: true, NoStore: true, Public: false });
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Json_is_compressed_when_the_client_asks(string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?pageSize=50");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        var response = await _public.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Empty((await _public.GetAsync("/api/v1/articles")).Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/api/v1/feeds/rss", "application/rss+xml")]
    [InlineData("/api/v1/feeds/atom", "application/atom+xml")]
    [InlineData("/api/v1/feeds/json", "application/feed+json")]
    [InlineData("/api/v1/articles/slug/{slug}/jsonld", "application/ld+json")]
    [InlineData("/openapi/v1.yaml", "text/plain+yaml")]
    public async Task Every_text_type_is_compressed_feeds_json_ld_and_the_openapi_yaml_too(string url, string type)
    {
        var story = await Publish(await _editor.CreateTag(), "Berita Terkompresi");
        var request = new HttpRequestMessage(HttpMethod.Get, url.Replace("{slug}", (string)story["slug"]!));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        var response = await _public.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_read_says_its_length_unless_it_is_compressed_as_it_goes()
    {
        var plain = await _public.GetAsync("/api/v1/articles?pageSize=50");
        Assert.True(plain.Content.Headers.NonValidated.TryGetValues("Content-Length", out var length));
        Assert.Equal((await plain.Content.ReadAsByteArrayAsync()).Length.ToString(), length.ToString());

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?pageSize=50");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var compressed = await _public.SendAsync(request);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.False(compressed.Content.Headers.NonValidated.Contains("Content-Length"));
    }

    [Fact]
    public async Task Anonymous_reads_come_from_the_cache_and_keyed_ones_never_do()
    {
        var tag = await _editor.CreateTag();
        var article = await Publish(tag, "Judul Asli");
        await Read($"/api/v1/articles/{article["id"]}");

        await ChangeTitleBehindTheApi(article, "Diubah Diam-diam");

        Assert.Equal("Judul Asli", (string?)(await Read($"/api/v1/articles/{article["id"]}"))["title"]);
        Assert.Equal("Diubah Diam-diam", (string?)(await (await _editor.GetAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.OK))["title"]);
    }

    [Fact]
    public async Task A_cached_page_answers_no_one_who_brings_a_key_and_a_revoked_key_still_gets_401()
    {
        var tag = await _editor.CreateTag();
        var article = await Publish(tag, "Halaman Tersimpan");
        var url = $"/api/v1/articles/{article["id"]}";
        await Read(url);
        var cached = await _public.GetAsync(url);
        Assert.NotNull(cached.Headers.Age); // from the cache, which answers before authentication

        var revoked = factory.CreateAnonymousClient();
        revoked.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.CreateRevokedKey());
        var refused = await revoked.GetAsync(url);
        await refused.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var malformed = factory.CreateAnonymousClient();
        malformed.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic abc");
        await (await malformed.GetAsync(url)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

        var keyed = await _editor.GetAsync(url);
        Assert.Null(keyed.Headers.Age);
        Assert.True(keyed.Headers.CacheControl is { Private: true, NoStore: true });
    }

    [Fact]
    public async Task A_write_evicts_the_article_and_every_list_box_and_sync_page_it_is_in_before_it_answers()
    {
        var tag = await _editor.CreateTag();
        var author = await _editor.CreateAuthor();
        var article = await Publish(tag, "Sebelum Koreksi", author);
        var neighbour = await Publish(tag, "Tetangga", author);
        string[] urls =
        [
            $"/api/v1/articles/{article["id"]}", $"/api/v1/articles/slug/{article["slug"]}", $"/api/v1/articles?tag={tag["slug"]}",
            $"/api/v1/articles?author={author["slug"]}", "/api/v1/articles", $"/api/v1/articles/{neighbour["id"]}/related",
            "/api/v1/sync?limit=500", $"/api/v1/articles?q=koreksi",
        ];
        foreach (var url in urls)
        {
            Assert.Contains("Sebelum Koreksi", (await Read(url)).ToJsonString());
        }

        var current = await _editor.GetAsync($"/api/v1/articles/{article["id"]}");
        await (await _editor.Patch($"/api/v1/articles/{article["id"]}", new { title = "Sesudah Koreksi" }, current.ETag()))
            .Expect(HttpStatusCode.OK);

        foreach (var url in urls.SkipLast(1))
        {
            var seen = (await Read(url)).ToJsonString();
            Assert.False(seen.Contains("Sebelum Koreksi"), $"{url} still shows the old title: {seen}");
            Assert.Contains("Sesudah Koreksi", seen);
        }
    }

    [Fact]
    public async Task A_story_write_evicts_that_story_and_the_lists_and_leaves_other_stories_cached()
    {
        var tag = await _editor.CreateTag();
        var written = await Publish(tag, "Yang Ditulis");
        var other = await Publish(tag, "Yang Lain");
        var pages = new[]
        {
            $"/api/v1/articles/{other["id"]}", $"/api/v1/articles/slug/{other["slug"]}", $"/api/v1/articles/slug/{other["slug"]}/jsonld",
            $"/api/v1/articles/{written["id"]}", $"/api/v1/articles/slug/{written["slug"]}",
        };
        foreach (var page in pages)
        {
            await Read(page);
        }
        await Read($"/api/v1/articles?tag={tag["slug"]}");
        await ChangeTitleBehindTheApi(other, "Berubah di Basis Data");

        var current = await _editor.GetAsync($"/api/v1/articles/{written["id"]}");
        await (await _editor.Patch($"/api/v1/articles/{written["id"]}", new { subtitle = "Baru" }, current.ETag())).Expect(HttpStatusCode.OK);

        // The written story's pages and the lists are read afresh; the other story's pages stay in the cache.
        Assert.Equal("Baru", (string?)(await Read($"/api/v1/articles/{written["id"]}"))["subtitle"]);
        Assert.Equal("Baru", (string?)(await Read($"/api/v1/articles/slug/{written["slug"]}"))["subtitle"]);
        Assert.Contains("Berubah di Basis Data", (await Read($"/api/v1/articles?tag={tag["slug"]}"))["data"]!.AsArray().Select(a => (string?)a!["title"]));
        Assert.Equal("Yang Lain", (string?)(await Read($"/api/v1/articles/{other["id"]}"))["title"]);
        Assert.Equal("Yang Lain", (string?)(await Read($"/api/v1/articles/slug/{other["slug"]}"))["title"]);
        Assert.Equal("Yang Lain", (string?)(await Read($"/api/v1/articles/slug/{other["slug"]}/jsonld"))["headline"]);
    }

    [Fact]
    public async Task A_renamed_story_is_no_longer_served_by_its_old_slug_from_the_cache()
    {
        var story = await Publish(await _editor.CreateTag(), "Judul Lama");
        var old = (string)story["slug"]!;
        await Read($"/api/v1/articles/slug/{old}");

        var renamed = await (await _editor.Patch($"/api/v1/articles/{story["id"]}", new { slug = $"baru-{Guid.NewGuid():N}" }, "*"))
            .Expect(HttpStatusCode.OK);

        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        var moved = await client.GetAsync($"/api/v1/articles/slug/{old}");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal((string?)renamed["title"], (string?)(await Read($"/api/v1/articles/slug/{renamed["slug"]}"))["title"]);
    }

    [Fact]
    public async Task Writes_no_reader_sees_evict_nothing()
    {
        var tag = await _editor.CreateTag();
        var story = await Publish(tag, "Tetap di Cache");
        await Read($"/api/v1/articles/{story["id"]}");
        await Read($"/api/v1/articles?tag={tag["slug"]}");
        await ChangeTitleBehindTheApi(story, "Berubah di Basis Data");

        // A draft and its autosaves, an edit lock taken and given back, a preview link, a key, a webhook: none is seen.
        var draft = await _editor.CreateArticle(new { title = "Draf", tags = new[] { new { tagId = (string)tag["id"]! } } });
        await (await _editor.Patch($"/api/v1/articles/{draft["id"]}", new { body = "Autosave satu." }, "*")).Expect(HttpStatusCode.OK);
        await (await _editor.Patch($"/api/v1/articles/{draft["id"]}", new { body = "Autosave dua." }, "*")).Expect(HttpStatusCode.OK);
        await (await _editor.PostAsync($"/api/v1/articles/{story["id"]}/lock", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/articles/{story["id"]}/lock")).StatusCode);
        await (await _editor.PostAsync($"/api/v1/articles/{draft["id"]}/preview", null)).Expect(HttpStatusCode.OK);
        await (await _editor.Post("/api/v1/keys", new { name = Http.Unique("frontend"), role = "reader" })).Expect(HttpStatusCode.Created);
        await (await _editor.Post("/api/v1/webhooks", new { url = "https://hooks.example.com/cms" })).Expect(HttpStatusCode.Created);

        Assert.Equal("Tetap di Cache", (string?)(await Read($"/api/v1/articles/{story["id"]}"))["title"]);
        Assert.Equal(["Tetap di Cache"], (await Read($"/api/v1/articles?tag={tag["slug"]}"))["data"]!.AsArray().Select(a => (string?)a!["title"]));
    }

    [Fact]
    public async Task Renaming_an_author_or_tag_evicts_the_articles_that_show_it()
    {
        var tag = await _editor.CreateTag();
        var author = await _editor.CreateAuthor("Nama Lama");
        var article = await Publish(tag, "Berita Bertanda", author);
        await Read($"/api/v1/articles/{article["id"]}");

        var authorNow = await _editor.GetAsync($"/api/v1/authors/{author["id"]}");
        await (await _editor.Patch($"/api/v1/authors/{author["id"]}", new { name = "Nama Baru" }, authorNow.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal("Nama Baru", (string?)(await Read($"/api/v1/articles/{article["id"]}"))["authors"]![0]!["name"]);

        var tagNow = await _editor.GetAsync($"/api/v1/tags/{tag["id"]}");
        await (await _editor.Patch($"/api/v1/tags/{tag["id"]}", new { name = "Tanda Baru" }, tagNow.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal("Tanda Baru", (string?)(await Read($"/api/v1/articles/{article["id"]}"))["tags"]![0]!["name"]);
    }

    [Fact]
    public async Task A_scheduled_story_appears_in_cached_lists_on_its_minute()
    {
        var tag = await _editor.CreateTag();
        await Publish(tag, "Sudah Terbit");
        var scheduled = await Publish(tag, "Terbit Nanti", publishedAt: factory.Clock.GetUtcNow().AddMinutes(1).ToString("O"));
        Assert.Single((await Read($"/api/v1/articles?tag={tag["slug"]}"))["data"]!.AsArray());
        Assert.Single((await Read($"/api/v1/articles?tag={tag["slug"]}"))["data"]!.AsArray());

        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Single((await Read($"/api/v1/articles?tag={tag["slug"]}"))["data"]!.AsArray());
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var list = await Read($"/api/v1/articles?tag={tag["slug"]}");
        Assert.Equal((string?)scheduled["id"], (string?)list["data"]![0]!["id"]);
    }

    private async Task<JsonNode> Read(string url) => await (await _public.GetAsync(url)).Expect(HttpStatusCode.OK);

    private async Task ChangeTitleBehindTheApi(JsonNode article, string title)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var id = Guid.Parse((string)article["id"]!);
        await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Articles.Where(a => a.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, title));
    }

    private async Task<JsonNode> Publish(JsonNode tag, string title, JsonNode? author = null, string? publishedAt = null)
    {
        author ??= await _editor.CreateAuthor();
        return await _editor.CreateArticle(new
        {
            title, body = "Isi berita lengkap.", status = "published",
            publishedAt = publishedAt ?? factory.Clock.GetUtcNow().AddMinutes(-5).ToString("O"),
            authors = new[] { new { authorId = (string)author["id"]! } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
    }
}

public sealed class CachingTestsOnSqlite(SqliteClockFactory factory) : CachingTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class CachingTestsOnPostgres(PostgresClockFactory factory) : CachingTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;
