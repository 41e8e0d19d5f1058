using System.Net;

namespace Cms.Api.Tests.Keys;

/// <summary>A refused call must leave everything as it was.</summary>
public abstract class RefusalTests(CmsFactory factory)
{
    private readonly HttpClient _editor = factory.CreateClient();

    [Fact]
    public async Task A_writer_cannot_change_publish_or_delete_a_published_story_and_it_stays_as_it_was()
    {
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        var author = await _editor.CreateAuthor();
        var created = await _editor.Post("/api/v1/articles", new
        {
            title = Http.Unique("Terbit"), body = "Isi.", status = "published", authors = new[] { new { authorId = (string)author["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/articles/{article["id"]}";

        await (await writer.Put(url, new { title = "Diubah", body = "Lain." }, created.ETag()))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.Patch(url, "{\"title\":\"Diubah\"}", created.ETag())).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.Send(HttpMethod.Post, $"{url}/archive")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.DeleteAsync(url)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        var after = await _editor.GetAsync(url);
        Assert.Equal(article.ToJsonString(), (await after.Expect(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(created.ETag(), after.ETag());
    }

    [Fact]
    public async Task A_writer_cannot_publish_its_own_draft_by_editing_it()
    {
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        var created = await writer.Post("/api/v1/articles", new { title = Http.Unique("Draf"), body = "Isi." });
        var draft = await created.Expect(HttpStatusCode.Created);

        await (await writer.Patch($"/api/v1/articles/{draft["id"]}", "{\"status\":\"published\"}", created.ETag()))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        var after = await _editor.GetAsync($"/api/v1/articles/{draft["id"]}");
        Assert.Equal("draft", (string?)(await after.Expect(HttpStatusCode.OK))["status"]);
        Assert.Equal(created.ETag(), after.ETag());
    }

    [Fact]
    public async Task Calls_without_a_fitting_key_create_nothing()
    {
        var name = Http.Unique("Tidak Boleh");
        var reader = factory.CreateClient(await factory.CreateKey("reader"));

        await (await factory.CreateAnonymousClient().Post("/api/v1/tags", new { name })).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await reader.Post("/api/v1/tags", new { name })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.Post("/api/v1/keys", new { name, role = "admin" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        var tags = await (await _editor.GetAsync("/api/v1/tags?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(tags["data"]!.AsArray(), t => (string?)t!["name"] == name);
        var keys = await (await _editor.GetAsync("/api/v1/keys?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(keys["data"]!.AsArray(), k => (string?)k!["name"] == name);
    }
}

public sealed class RefusalTestsOnSqlite(SqliteCmsFactory factory) : RefusalTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class RefusalTestsOnPostgres(PostgresCmsFactory factory) : RefusalTests(factory), IClassFixture<PostgresCmsFactory>;
