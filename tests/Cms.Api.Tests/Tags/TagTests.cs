using System.Net;

namespace Cms.Api.Tests.Tags;

public abstract class TagTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Creating_a_tag_answers_201_and_it_can_be_read_by_id_and_slug()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var response = await _client.Post("/api/v1/tags", new { name = $"Pemilu 2024 {suffix}", description = "Berita pemilu." });

        var tag = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"pemilu-2024-{suffix}", (string?)tag["slug"]);
        Assert.Equal($"/api/v1/tags/{tag["id"]}", response.Headers.Location?.ToString());
        var bySlug = await (await _client.GetAsync($"/api/v1/tags/slug/{tag["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(tag.ToJsonString(), bySlug.ToJsonString());
    }

    [Fact]
    public async Task Invalid_tags_answer_422_and_a_taken_slug_409()
    {
        await (await _client.Post("/api/v1/tags", new { name = " ", slug = "-bad-", description = new string('d', 2001) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "name", "slug", "description");
        var tag = await _client.CreateTag();
        await (await _client.Post("/api/v1/tags", new { name = "x", slug = (string?)tag["slug"] }))
            .ExpectProblem(HttpStatusCode.Conflict, "slug_taken", "slug");
    }

    [Fact]
    public async Task Put_and_patch_need_a_current_if_match()
    {
        var created = await _client.Post("/api/v1/tags", new { name = Http.Unique("T") });
        var tag = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/tags/{tag["id"]}";

        await (await _client.Put(url, new { name = "x" }, null)).ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var put = await _client.Put(url, new { name = "Renamed", slug = $"renamed-{Guid.NewGuid():N}" }, created.ETag());
        Assert.Equal("Renamed", (string?)(await put.Expect(HttpStatusCode.OK))["name"]);
        await (await _client.Patch(url, "{\"description\":\"d\"}", created.ETag()))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        var patched = await (await _client.Patch(url, "{\"description\":\"d\"}", put.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal("Renamed", (string?)patched["name"]);
        Assert.Equal("d", (string?)patched["description"]);
    }

    [Fact]
    public async Task Deleting_a_tag_removes_it_from_its_articles_and_changes_their_etag()
    {
        var keep = await _client.CreateTag();
        var doomed = await _client.CreateTag();
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"),
            tags = new[] { new { tagId = (string)doomed["id"]! }, new { tagId = (string)keep["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);

        var response = await _client.DeleteAsync($"/api/v1/tags/{doomed["id"]}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await _client.GetAsync($"/api/v1/articles/{article["id"]}");
        var tags = (await after.Expect(HttpStatusCode.OK))["tags"]!.AsArray();
        Assert.Equal([(string)keep["id"]!], tags.Select(t => (string)t!["id"]!));
        Assert.NotEqual(created.ETag(), after.ETag());
        await (await _client.GetAsync($"/api/v1/tags/{doomed["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Renaming_a_tag_changes_the_etag_of_its_articles()
    {
        var created = await _client.Post("/api/v1/tags", new { name = Http.Unique("T") });
        var tag = await created.Expect(HttpStatusCode.Created);
        var articleResponse = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var article = await articleResponse.Expect(HttpStatusCode.Created);

        await (await _client.Patch($"/api/v1/tags/{tag["id"]}", "{\"name\":\"Nama Baru\"}", created.ETag())).Expect(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{article["id"]}");
        request.Headers.TryAddWithoutValidation("If-None-Match", articleResponse.ETag());
        var response = await _client.SendAsync(request);
        var body = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("Nama Baru", (string?)body["tags"]![0]!["name"]);
    }

    [Fact]
    public async Task The_list_counts_only_published_articles()
    {
        var tag = await _client.CreateTag($"zz {Guid.NewGuid():N}");
        var author = await _client.CreateAuthor();
        var tags = new[] { new { tagId = (string)tag["id"]! } };
        var authors = new[] { new { authorId = (string)author["id"]! } };
        await _client.CreateArticle(new { status = "published", tags, authors });
        await _client.CreateArticle(new { status = "published", tags, authors });
        await _client.CreateArticle(new { status = "draft", tags });

        var page = await (await _client.GetAsync("/api/v1/tags?pageSize=100")).Expect(HttpStatusCode.OK);

        var listed = page["data"]!.AsArray().Single(t => (string?)t!["id"] == (string?)tag["id"])!;
        Assert.Equal(2, (int)listed["articleCount"]!);
    }
}

public sealed class TagTestsOnSqlite(SqliteCmsFactory factory) : TagTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class TagTestsOnPostgres(PostgresCmsFactory factory) : TagTests(factory), IClassFixture<PostgresCmsFactory>;
