using System.Net;

namespace Cms.Api.Tests.Articles;

public abstract class ArticleValidationTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Rule_violations_answer_422_keyed_by_json_path()
    {
        var response = await _client.Post("/api/v1/articles", new
        {
            title = "",
            kicker = new string('K', 61),
            slug = "Bad Slug!",
            language = "not a language",
            featureImage = new { url = "ftp://img.example.com/a.jpg" },
            seo = new { canonicalUrl = "news/korut" },
        });

        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed",
            "title", "kicker", "slug", "language", "featureImage.url", "seo.canonicalUrl");
    }

    [Fact]
    public async Task Referenced_authors_and_tags_must_exist_and_appear_once()
    {
        var author = await _client.CreateAuthor();
        var tag = await _client.CreateTag();
        var response = await _client.Post("/api/v1/articles", new
        {
            title = "Judul",
            authors = new object[]
            {
                new { authorId = (string)author["id"]! },
                new { authorId = Guid.NewGuid().ToString() },
                new { authorId = (string)author["id"]!, role = "editor" },
                new { role = "editor" },
            },
            tags = new[] { new { tagId = (string)tag["id"]! }, new { tagId = (string)tag["id"]! } },
        });

        var problem = await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed",
            "authors[1].authorId", "authors[2].authorId", "authors[3].authorId", "tags[1].tagId");
        Assert.Contains("No author", (string)problem["errors"]!["authors[1].authorId"]![0]!);
    }

    [Fact]
    public async Task A_published_article_needs_a_body_and_a_byline()
    {
        await (await _client.Post("/api/v1/articles", new { title = "Judul", status = "published" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "body", "authors");
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"status\":1}", "status")]
    [InlineData("{\"title\":\"x\",\"publishedAt\":\"2024-06-19T12:04:00\"}", "publishedAt")]
    [InlineData("{\"title\":\"x\",\"publishedAt\":\"kemarin\"}", "publishedAt")]
    [InlineData("{\"title\":\"x\",\"tags\":[{\"tagId\":\"not-a-uuid\"}]}", "tags[0].tagId")]
    [InlineData("{\"title\":\"x\",\"featureImage\":\"https://img.example.com/a.jpg\"}", "featureImage")]
    [InlineData("{\"title\":\"x\",\"featureImage\":{\"url\":\"https://a.example.com\",\"credt\":\"Net\"}}", "featureImage.credt")]
    [InlineData("{\"title\":\"x\",\"authors\":[{\"authorId\":\"00000000-0000-0000-0000-000000000001\",\"rol\":\"editor\"}]}", "authors[0].rol")]
    [InlineData("{\"title\":\"x\",\"wordcount\":3}", "wordcount")]
    public async Task Unreadable_values_and_unknown_properties_answer_400_naming_the_field(string body, string field)
    {
        await (await _client.Post("/api/v1/articles", body)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", field);
    }

    [Fact]
    public async Task Values_outside_an_enum_answer_422_listing_the_allowed_ones()
    {
        var author = await _client.CreateAuthor();
        var body = "{\"title\":\"x\",\"status\":\"live\",\"authors\":[{\"authorId\":\"" + author["id"] + "\",\"role\":\"boss\"}]}";

        var problem = await (await _client.Post("/api/v1/articles", body))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "status", "authors[0].role");

        Assert.Equal("Must be one of: reporter, editor, photographer, contributor.", (string?)problem["errors"]!["authors[0].role"]![0]);
        Assert.Equal("Must be one of: draft, scheduled, published, archived.", (string?)problem["errors"]!["status"]![0]);
    }

    [Fact]
    public async Task A_patch_with_a_value_outside_an_enum_answers_422_and_changes_nothing()
    {
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita") });
        var article = await created.Expect(HttpStatusCode.Created);

        await (await _client.Patch($"/api/v1/articles/{article["id"]}", "{\"status\":\"Publish\"}", created.ETag()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "status");

        var after = await (await _client.GetAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal("draft", (string?)after["status"]);
    }

    [Fact]
    public async Task Read_only_fields_sent_back_are_ignored()
    {
        var article = await _client.CreateArticle();
        var copy = article.DeepClone().AsObject();
        copy.Remove("slug");
        copy["id"] = Guid.NewGuid().ToString();
        copy["wordCount"] = 999;
        copy["bodyHtml"] = "<script>bad()</script>";
        copy["createdAt"] = "2000-01-01T00:00:00Z";

        var created = await (await _client.Post("/api/v1/articles", copy.ToJsonString())).Expect(HttpStatusCode.Created);

        Assert.NotEqual((string?)copy["id"], (string?)created["id"]);
        Assert.Equal(2, (int)created["wordCount"]!);
        Assert.DoesNotContain("script", (string)created["bodyHtml"]!);
        Assert.NotEqual("2000-01-01T00:00:00Z", (string?)created["createdAt"]);
        Assert.Equal((string?)article["slug"] + "-2", (string?)created["slug"]);
    }

    [Fact]
    public async Task A_failed_write_changes_nothing()
    {
        var author = await _client.CreateAuthor();
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), authors = new[] { new { authorId = (string)author["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);

        await (await _client.Put($"/api/v1/articles/{article["id"]}", new
        {
            title = "Judul baru", authors = new[] { new { authorId = Guid.NewGuid().ToString() } },
        }, created.ETag())).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "authors[0].authorId");

        var after = await _client.GetAsync($"/api/v1/articles/{article["id"]}");
        Assert.Equal(article.ToJsonString(), (await after.Expect(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(created.ETag(), after.ETag());
    }
}

public sealed class ArticleValidationTestsOnSqlite(SqliteCmsFactory factory) : ArticleValidationTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ArticleValidationTestsOnPostgres(PostgresCmsFactory factory) : ArticleValidationTests(factory), IClassFixture<PostgresCmsFactory>;
