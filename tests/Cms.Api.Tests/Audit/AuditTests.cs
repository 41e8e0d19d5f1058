using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Audit;

/// <summary>The audit log: every write through the API, by whom and how it ended, kept after what it describes is gone.</summary>
public abstract class AuditTests(CmsFactory factory)
{
    private readonly HttpClient _admin = factory.CreateClient();

    private async Task<JsonArray> Log(string query) =>
        (await (await _admin.GetAsync($"/api/v1/audit?{query}")).Expect(HttpStatusCode.OK))["data"]!.AsArray();

    [Fact]
    public async Task Writes_are_recorded_with_who_what_and_how_they_ended_and_outlive_what_they_describe()
    {
        var name = Http.Unique("Meja redaksi");
        var key = await (await _admin.Post("/api/v1/keys", new { name, role = "editor" })).Expect(HttpStatusCode.Created);
        var editor = factory.CreateClient((string)key["secret"]!);
        var article = await editor.CreateArticle();
        var id = (string)article["id"]!;
        await (await editor.Patch($"/api/v1/articles/{id}", new { title = "Tanpa If-Match" }, ifMatch: null))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var refused = await (await factory.CreateAnonymousClient().Post("/api/v1/articles", new { title = "Anonim" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

        var entries = await Log($"resourceId={id}");
        Assert.Equal([("updateArticle", "PATCH", 428), ("createArticle", "POST", 201)],
            entries.Select(e => ((string?)e!["action"], (string?)e["method"], (int)e["status"]!)));
        Assert.All(entries, e =>
        {
            Assert.Equal(("article", (string?)key["id"], name), ((string?)e!["resource"], (string?)e["keyId"], (string?)e["keyName"]));
            Assert.Equal($"/api/v1/articles{((string?)e["method"] == "POST" ? "" : $"/{id}")}", (string?)e["path"]);
            Assert.False(string.IsNullOrEmpty((string?)e["requestId"]));
        });
        Assert.True((long)entries[0]!["seq"]! > (long)entries[1]!["seq"]!);
        // A refused request is recorded with no key, under the trace id its problem gave.
        Assert.Contains(await Log("resource=article"), e => (int)e!["status"]! == 401 && e["keyId"] is null
            && (string?)e["requestId"] == (string?)refused["traceId"]);

        // Deleted, and the key revoked: the log still tells it all.
        var etag = (await editor.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await editor.Send(HttpMethod.Delete, $"/api/v1/articles/{id}", ifMatch: etag)).Expect(HttpStatusCode.NoContent);
        await (await _admin.DeleteAsync($"/api/v1/keys/{key["id"]}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(["deleteArticle", "updateArticle", "createArticle"], (await Log($"resourceId={id}")).Select(e => (string?)e!["action"]));
        Assert.Equal(["revokeKey", "createKey"], (await Log($"resourceId={key["id"]}")).Select(e => (string?)e!["action"]));
    }

    [Fact]
    public async Task The_log_pages_by_cursor_and_filters_by_key_and_time()
    {
        var key = await (await _admin.Post("/api/v1/keys", new { name = Http.Unique("Penulis"), role = "editor" })).Expect(HttpStatusCode.Created);
        var writer = factory.CreateClient((string)key["secret"]!);
        for (var i = 0; i < 5; i++)
        {
            await writer.CreateTag();
        }
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await _admin.GetAsync($"/api/v1/audit?keyId={key["id"]}&pageSize=2{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .Expect(HttpStatusCode.OK);
            Assert.InRange(page["data"]!.AsArray().Count, 1, 2);
            seen.AddRange(page["data"]!.AsArray().Select(e => (long)e!["seq"]!));
            cursor = (string?)page["meta"]!["nextCursor"];
        }
        while (cursor is not null);
        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Equal(5, seen.Distinct().Count());

        var at = DateTimeOffset.Parse((string)(await Log($"keyId={key["id"]}&pageSize=1"))[0]!["at"]!);
        Assert.Equal(5, (await Log($"keyId={key["id"]}&to={Uri.EscapeDataString(at.AddSeconds(1).ToString("O"))}")).Count);
        Assert.Empty(await Log($"keyId={key["id"]}&from={Uri.EscapeDataString(at.AddSeconds(1).ToString("O"))}"));
        Assert.Empty(await Log($"keyId={key["id"]}&resource=article"));
    }

    [Fact]
    public async Task Bad_queries_are_problems_and_only_admins_read_the_log()
    {
        await (await _admin.GetAsync("/api/v1/audit?cursor=abc")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "cursor");
        await (await _admin.GetAsync("/api/v1/audit?cursor=-5")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "cursor");
        await (await _admin.GetAsync("/api/v1/audit?resource=photo")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "resource");
        await (await _admin.GetAsync("/api/v1/audit?pageSize=0")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "pageSize");
        var editor = factory.CreateClient(await factory.CreateKey("editor"));
        await (await editor.GetAsync("/api/v1/audit")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await factory.CreateAnonymousClient().GetAsync("/api/v1/audit")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}

public sealed class AuditTestsOnSqlite(SqliteCmsFactory factory) : AuditTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class AuditTestsOnPostgres(PostgresCmsFactory factory) : AuditTests(factory), IClassFixture<PostgresCmsFactory>;
