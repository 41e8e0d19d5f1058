using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Articles;

public abstract class ArticleTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_news_article_round_trips_exactly()
    {
        var reporter = await _client.CreateAuthor(Http.Unique("Rina Wulandari"), new { title = "Reporter" });
        var tags = new List<JsonNode>();
        foreach (var name in new[] { "Politik", "Presiden", "Korea Utara", "Diplomasi" })
        {
            tags.Add(await _client.CreateTag(Http.Unique(name)));
        }
        const string body = "JAKARTA — Presiden akan mengunjungi Korea Utara.\n\n“Ini langkah penting,” kata Menlu. ‘Kami siap.’";
        var slug = $"presiden-kunjungi-korut-{Guid.NewGuid():N}";
        var sent = new JsonObject
        {
            ["slug"] = slug,
            ["title"] = "Presiden Akan Kunjungi Korea Utara",
            ["subtitle"] = "Kunjungan pertama dalam dua dekade",
            ["excerpt"] = "Presiden dijadwalkan ke Pyongyang.",
            ["body"] = body,
            ["language"] = "id",
            ["status"] = "published",
            ["publishedAt"] = "2024-06-19T12:04:00+07:00",
            ["featureImage"] = new JsonObject
            {
                ["url"] = "https://img.example.com/2024/06/presiden.jpg",
                ["alt"] = "Presiden di Istana",
                ["caption"] = "Presiden memberi keterangan pers di Istana Merdeka, Rabu (19/6/2024).",
                ["credit"] = "Presiden RI/Net",
            },
            ["authors"] = new JsonArray(new JsonObject { ["authorId"] = (string)reporter["id"]!, ["role"] = "reporter" }),
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["tagId"] = (string)t["id"]! }).ToArray()),
            ["seo"] = new JsonObject { ["metaTitle"] = "Presiden ke Korut", ["metaDescription"] = "Kunjungan kenegaraan", ["canonicalUrl"] = "https://news.example.com/korut" },
        };

        var created = await (await _client.Post("/api/v1/articles", sent.ToJsonString())).Expect(HttpStatusCode.Created);
        var read = await (await _client.GetAsync($"/api/v1/articles/slug/{slug}")).Expect(HttpStatusCode.OK);

        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        foreach (var field in new[] { "slug", "title", "subtitle", "excerpt", "body", "language", "status", "featureImage", "seo" })
        {
            Assert.Equal(sent[field]!.ToJsonString(), read[field]!.ToJsonString());
        }
        Assert.Equal("2024-06-19T05:04:00Z", (string?)read["publishedAt"]);
        Assert.Equal(
            "{\"id\":\"" + reporter["id"] + "\",\"slug\":\"" + reporter["slug"] + "\",\"name\":\"" + reporter["name"]
                + "\",\"title\":\"Reporter\",\"avatarUrl\":null,\"role\":\"reporter\"}",
            read["authors"]![0]!.ToJsonString());
        Assert.Equal(tags.Select(t => (string)t["id"]!), read["tags"]!.AsArray().Select(t => (string)t!["id"]!));
        Assert.Equal(tags.Select(t => (string)t["name"]!), read["tags"]!.AsArray().Select(t => (string)t!["name"]!));
        Assert.Contains("“Ini langkah penting,” kata Menlu.", (string)read["bodyHtml"]!);
    }

    [Fact]
    public async Task Derived_fields_come_from_the_body()
    {
        var words = string.Join(' ', Enumerable.Range(0, 450).Select(i => $"kata{i}"));
        var article = await _client.CreateArticle(new { body = "Pembukaan berita yang panjang sekali. " + words });

        Assert.Equal(455, (int)article["wordCount"]!);
        Assert.Equal(3, (int)article["readingTimeMinutes"]!);
        var excerpt = (string)article["excerpt"]!;
        Assert.StartsWith("Pembukaan berita yang panjang sekali. kata0 kata1", excerpt);
        Assert.EndsWith("…", excerpt);
        Assert.True(excerpt.Length <= 161, excerpt);
        Assert.Matches(@"kata\d+…$", excerpt);
        Assert.Equal("id", (string?)article["language"]);
        Assert.Equal("draft", (string?)article["status"]);
        Assert.Null(article["publishedAt"]);
    }

    [Fact]
    public async Task Body_html_is_rendered_markdown_without_scripts_handlers_or_javascript_links()
    {
        const string body = "## Judul\n\nTeks **tebal** dan [tautan](https://example.com).\n\n"
            + "<script>alert('x')</script>\n\n<img src=\"https://img.example.com/a.jpg\" onerror=\"alert(1)\">\n\n"
            + "[klik](javascript:alert(1)) <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">a</a>";

        var html = (string)(await _client.CreateArticle(new { body }))["bodyHtml"]!;

        Assert.Contains("<strong>tebal</strong>", html);
        Assert.Contains("<a href=\"https://example.com\">tautan</a>", html);
        Assert.Contains("<h2", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Publishing_without_a_time_uses_now_and_keeps_it_on_later_edits()
    {
        var author = await _client.CreateAuthor();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), body = "Isi.", status = "published",
            authors = new[] { new { authorId = (string)author["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);
        var publishedAt = DateTimeOffset.Parse((string)article["publishedAt"]!);
        Assert.InRange(publishedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));

        var edited = await (await _client.Patch($"/api/v1/articles/{article["id"]}", "{\"title\":\"Judul baru\"}", created.ETag()))
            .Expect(HttpStatusCode.OK);
        Assert.Equal((string?)article["publishedAt"], (string?)edited["publishedAt"]);
    }

    [Fact]
    public async Task Get_modify_put_works_and_a_derived_excerpt_follows_the_new_body()
    {
        var author = await _client.CreateAuthor();
        var tag = await _client.CreateTag();
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), body = "Isi lama.",
            authors = new[] { new { authorId = (string)author["id"]!, role = "editor" } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var article = (await created.Expect(HttpStatusCode.Created)).AsObject();
        article["body"] = "Isi baru yang lebih lengkap.";

        var response = await _client.Put($"/api/v1/articles/{article["id"]}", article.ToJsonString(), created.ETag());

        var updated = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("Isi baru yang lebih lengkap.", (string?)updated["excerpt"]);
        Assert.Equal(article["authors"]!.ToJsonString(), updated["authors"]!.ToJsonString());
        Assert.Equal(article["tags"]!.ToJsonString(), updated["tags"]!.ToJsonString());
        Assert.Equal((string?)article["createdAt"], (string?)updated["createdAt"]);
    }

    [Fact]
    public async Task Put_replaces_bylines_and_tags_in_the_order_sent()
    {
        var a = await _client.CreateAuthor();
        var b = await _client.CreateAuthor();
        var t1 = await _client.CreateTag();
        var t2 = await _client.CreateTag();
        var t3 = await _client.CreateTag();
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"),
            authors = new[] { new { authorId = (string)a["id"]!, role = "reporter" } },
            tags = new[] { new { tagId = (string)t1["id"]! }, new { tagId = (string)t2["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);

        var updated = await (await _client.Put($"/api/v1/articles/{article["id"]}", new
        {
            title = "Judul",
            authors = new[] { new { authorId = (string)b["id"]!, role = "photographer" }, new { authorId = (string)a["id"]!, role = "editor" } },
            tags = new[] { new { tagId = (string)t3["id"]! }, new { tagId = (string)t1["id"]! } },
        }, created.ETag())).Expect(HttpStatusCode.OK);

        Assert.Equal(
            [$"{b["id"]}:photographer", $"{a["id"]}:editor"],
            updated["authors"]!.AsArray().Select(x => $"{x!["id"]}:{x["role"]}"));
        Assert.Equal([(string)t3["id"]!, (string)t1["id"]!], updated["tags"]!.AsArray().Select(x => (string)x!["id"]!));
        var read = await (await _client.GetAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(updated.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Patch_changes_only_what_it_names()
    {
        var tag = await _client.CreateTag();
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), subtitle = "Sub", body = "Isi.",
            featureImage = new { url = "https://img.example.com/a.jpg", caption = "Keterangan", credit = "Net" },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);

        var patched = await (await _client.Patch($"/api/v1/articles/{article["id"]}",
            "{\"subtitle\":null,\"featureImage\":{\"credit\":\"Antara\"}}", created.ETag())).Expect(HttpStatusCode.OK);

        Assert.Null(patched["subtitle"]);
        Assert.Equal("{\"url\":\"https://img.example.com/a.jpg\",\"alt\":null,\"caption\":\"Keterangan\",\"credit\":\"Antara\"}",
            patched["featureImage"]!.ToJsonString());
        Assert.Equal((string?)article["title"], (string?)patched["title"]);
        Assert.Equal(article["tags"]!.ToJsonString(), patched["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task Deleting_an_article_answers_204_and_leaves_its_authors_and_tags()
    {
        var author = await _client.CreateAuthor();
        var tag = await _client.CreateTag();
        var article = await _client.CreateArticle(new
        {
            authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
        });

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/articles/{article["id"]}")).StatusCode);

        await (await _client.GetAsync($"/api/v1/articles/{article["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync($"/api/v1/authors/{author["id"]}")).Expect(HttpStatusCode.OK);
        await (await _client.GetAsync($"/api/v1/tags/{tag["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/authors/{author["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_articles_answer_404()
    {
        await (await _client.GetAsync($"/api/v1/articles/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync("/api/v1/articles/slug/tidak-ada")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.Put($"/api/v1/articles/{Guid.NewGuid()}", new { title = "x" }, "*")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.DeleteAsync($"/api/v1/articles/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class ArticleTestsOnSqlite(SqliteCmsFactory factory) : ArticleTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ArticleTestsOnPostgres(PostgresCmsFactory factory) : ArticleTests(factory), IClassFixture<PostgresCmsFactory>;
