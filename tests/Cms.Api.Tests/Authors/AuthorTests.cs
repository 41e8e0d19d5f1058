using System.Net;
using System.Text.Json.Nodes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Authors;

public abstract class AuthorTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Creating_an_author_answers_201_with_location_etag_and_a_slug_from_the_name()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var response = await _client.Post("/api/v1/authors", new
        {
            name = $"Señor Café {suffix}",
            title = "Reporter",
            bio = "Meliput Istana.",
            email = "senor@example.com",
            avatarUrl = "https://img.example.com/a.jpg",
            websiteUrl = "https://example.com",
            socials = new Dictionary<string, string> { ["x"] = "@senor" },
        });

        var author = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"senor-cafe-{suffix}", (string?)author["slug"]);
        Assert.Equal($"/api/v1/authors/{author["id"]}", response.Headers.Location?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("@senor", (string?)author["socials"]!["x"]);
        Assert.Equal("senor@example.com", (string?)author["email"]);

        var byId = await _client.GetAsync($"/api/v1/authors/{author["id"]}");
        Assert.Equal(author.ToJsonString(), (await byId.Expect(HttpStatusCode.OK)).ToJsonString());
        var anonymous = await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/authors/{author["id"]}"))
            .Expect(HttpStatusCode.OK);
        Assert.False(anonymous.AsObject().ContainsKey("email"));
        Assert.Equal(response.ETag(), byId.ETag());
        var bySlug = await _client.GetAsync($"/api/v1/authors/slug/{author["slug"]}");
        Assert.Equal((string?)author["id"], (string?)(await bySlug.Expect(HttpStatusCode.OK))["id"]);
    }

    [Fact]
    public async Task A_generated_slug_that_is_taken_gets_a_numbered_suffix()
    {
        var name = Http.Unique("Rina Wulandari");
        var first = await _client.CreateAuthor(name);
        var second = await _client.CreateAuthor(name);
        var third = await _client.CreateAuthor(name);

        Assert.Equal((string?)first["slug"] + "-2", (string?)second["slug"]);
        Assert.Equal((string?)first["slug"] + "-3", (string?)third["slug"]);
    }

    [Fact]
    public async Task A_given_slug_that_is_taken_answers_409_slug_taken()
    {
        var author = await _client.CreateAuthor();
        var response = await _client.Post("/api/v1/authors", new { name = "Another", slug = (string?)author["slug"] });
        await response.ExpectProblem(HttpStatusCode.Conflict, "slug_taken", "slug");
    }

    [Fact]
    public async Task Two_concurrent_creates_with_one_slug_give_one_201_and_one_409()
    {
        var slug = $"race-{Guid.NewGuid():N}";
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            factory.CreateClient().Post("/api/v1/authors", new { name = "Race", slug })));

        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.Conflict],
            responses.Select(r => r.StatusCode).OrderBy(s => s));
        await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict)
            .ExpectProblem(HttpStatusCode.Conflict, "slug_taken", "slug");
    }

    [Fact]
    public async Task Concurrent_creates_with_one_name_all_succeed_with_distinct_slugs()
    {
        var name = Http.Unique("Dewi Lestari");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            factory.CreateClient().Post("/api/v1/authors", new { name })));

        var slugs = new List<string>();
        foreach (var response in responses)
        {
            slugs.Add((string)(await response.Expect(HttpStatusCode.Created))["slug"]!);
        }
        Assert.Equal(4, slugs.Distinct().Count());
    }

    [Fact]
    public async Task A_conditional_get_with_the_current_etag_answers_304()
    {
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("A") });
        var author = await created.Expect(HttpStatusCode.Created);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/authors/{author["id"]}");
        request.Headers.TryAddWithoutValidation("If-None-Match", created.ETag());

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_modify_put_replaces_the_author_and_moves_the_etag()
    {
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("A"), title = "Reporter" });
        var author = (await created.Expect(HttpStatusCode.Created)).AsObject();
        author["title"] = "Redaktur";

        var response = await _client.Put($"/api/v1/authors/{author["id"]}", author.ToJsonString(), created.ETag());

        var updated = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("Redaktur", (string?)updated["title"]);
        Assert.NotEqual(created.ETag(), response.ETag());
        Assert.Equal((string?)author["createdAt"], (string?)updated["createdAt"]);
    }

    [Fact]
    public async Task Put_without_if_match_answers_428_and_with_a_stale_one_412_changing_nothing()
    {
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("A") });
        var author = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/authors/{author["id"]}";
        await (await _client.Put(url, new { name = "B" }, ifMatch: null))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var first = await _client.Put(url, new { name = "First" }, created.ETag());
        await first.Expect(HttpStatusCode.OK);

        await (await _client.Put(url, new { name = "Second" }, created.ETag()))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");

        var current = await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("First", (string?)current["name"]);
        await (await _client.Put(url, new { name = "Forced" }, "*")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Email_is_kept_by_a_put_that_omits_it_and_cleared_by_null()
    {
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("A"), email = "a@example.com" });
        var author = await created.Expect(HttpStatusCode.Created);
        var id = Guid.Parse((string)author["id"]!);

        var kept = await _client.Put($"/api/v1/authors/{id}", new { name = "A2" }, created.ETag());
        await kept.Expect(HttpStatusCode.OK);
        Assert.Equal("a@example.com", await StoredEmail(id));

        await (await _client.Put($"/api/v1/authors/{id}", "{\"name\":\"A3\",\"email\":null}", kept.ETag()))
            .Expect(HttpStatusCode.OK);
        Assert.Null(await StoredEmail(id));
    }

    [Fact]
    public async Task Patch_merges_changes_and_null_removes_a_field()
    {
        var created = await _client.Post("/api/v1/authors", new
        {
            name = Http.Unique("A"), title = "Reporter", bio = "Bio", email = "a@example.com",
            socials = new Dictionary<string, string> { ["x"] = "@a", ["instagram"] = "a.ig" },
        });
        var author = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/authors/{author["id"]}";

        var response = await _client.Patch(url, "{\"title\":\"Redaktur\",\"bio\":null,\"socials\":{\"x\":null}}", created.ETag());

        var patched = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("Redaktur", (string?)patched["title"]);
        Assert.Null(patched["bio"]);
        Assert.Equal((string?)author["name"], (string?)patched["name"]);
        Assert.Equal("{\"instagram\":\"a.ig\"}", patched["socials"]!.ToJsonString());
        Assert.Equal("a@example.com", await StoredEmail(Guid.Parse((string)author["id"]!)));
    }

    [Fact]
    public async Task Patch_checks_rules_content_type_and_preconditions()
    {
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("A") });
        var author = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/authors/{author["id"]}";

        await (await _client.Patch(url, "{\"name\":\"\"}", created.ETag()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "name");
        await (await _client.Patch(url, "{\"nmae\":\"x\"}", created.ETag()))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "nmae");
        await (await _client.Patch(url, "{\"name\":\"x\"}", created.ETag(), "text/plain"))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await _client.Patch(url, "{\"name\":\"x\"}", null))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await _client.Patch(url, "{\"name\":\"x\"}", "\"999\""))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        await (await _client.Patch($"/api/v1/authors/{Guid.NewGuid()}", "{\"name\":\"x\"}", "*"))
            .ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_author_credited_on_an_article_cannot_be_deleted()
    {
        var author = await _client.CreateAuthor();
        await _client.CreateArticle(new { authors = new[] { new { authorId = author["id"]!.GetValue<string>() } } });
        await _client.CreateArticle(new { authors = new[] { new { authorId = author["id"]!.GetValue<string>() } } });

        var response = await _client.DeleteAsync($"/api/v1/authors/{author["id"]}");

        var problem = await response.ExpectProblem(HttpStatusCode.Conflict, "author_in_use");
        Assert.Equal(2, (int?)problem["articleCount"]);
        await (await _client.GetAsync($"/api/v1/authors/{author["id"]}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_an_author_answers_204_then_404_and_honours_if_match()
    {
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("A") });
        var author = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/authors/{author["id"]}";

        await (await _client.Send(HttpMethod.Delete, url, ifMatch: "\"999\""))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        var deleted = await _client.Send(HttpMethod.Delete, url, ifMatch: created.ETag());

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await _client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.DeleteAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_list_is_sorted_by_name_pages_and_counts_published_articles()
    {
        var prefix = $"zz{Guid.NewGuid():N}"[..12];
        var b = await _client.CreateAuthor($"{prefix} B");
        var a = await _client.CreateAuthor($"{prefix} A");
        await _client.CreateArticle(new { status = "published", authors = new[] { new { authorId = (string)a["id"]! } } });
        await _client.CreateArticle(new { status = "draft", authors = new[] { new { authorId = (string)a["id"]! } } });

        var page = await (await _client.GetAsync("/api/v1/authors?pageSize=100")).Expect(HttpStatusCode.OK);
        var total = (int)page["meta"]!["totalItems"]!;
        var names = page["data"]!.AsArray().Select(x => (string)x!["name"]!).Where(n => n.StartsWith(prefix)).ToList();

        Assert.Equal([$"{prefix} A", $"{prefix} B"], names);
        var listed = page["data"]!.AsArray().Single(x => (string?)x!["id"] == (string?)a["id"])!;
        Assert.Equal(1, (int)listed["articleCount"]!);
        Assert.Equal(0, (int)page["data"]!.AsArray().Single(x => (string?)x!["id"] == (string?)b["id"])!["articleCount"]!);
        var anonymousPage = await (await factory.CreateAnonymousClient().GetAsync("/api/v1/authors?pageSize=100"))
            .Expect(HttpStatusCode.OK);
        Assert.All(anonymousPage["data"]!.AsArray(), x => Assert.False(x!.AsObject().ContainsKey("email")));

        var second = await (await _client.GetAsync("/api/v1/authors?page=2&pageSize=1")).Expect(HttpStatusCode.OK);
        Assert.Equal("{\"page\":2,\"pageSize\":1,\"totalItems\":" + total + ",\"totalPages\":" + total + "}",
            second["meta"]!.ToJsonString());
        Assert.Single(second["data"]!.AsArray());
    }

    private async Task<string?> StoredEmail(Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.Authors.Where(a => a.Id == id).Select(a => a.Email).SingleAsync();
    }
}

public sealed class AuthorTestsOnSqlite(SqliteCmsFactory factory) : AuthorTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class AuthorTestsOnPostgres(PostgresCmsFactory factory) : AuthorTests(factory), IClassFixture<PostgresCmsFactory>;
