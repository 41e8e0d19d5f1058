using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>The trash: a deleted story is gone for readers, kept for editors, restorable with its slug, purged in the end.</summary>
public abstract class ArticleTrashTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _admin = factory.CreateClient();
    private readonly HttpClient _reader = factory.CreateAnonymousClient();

    private async Task<JsonArray> Trash() =>
        (await (await _admin.GetAsync("/api/v1/articles/trash?pageSize=100")).Expect(HttpStatusCode.OK))["data"]!.AsArray();

    [Fact]
    public async Task A_deleted_story_leaves_every_read_keeps_its_slug_and_comes_back_as_it_was()
    {
        var tag = await _admin.CreateTag();
        var title = Http.Unique("Gempa di Cianjur");
        var article = await _admin.PublishArticle(title, tag);
        var (id, slug) = ((string)article["id"]!, (string)article["slug"]!);
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", new { text = "Koreksi: jumlah korban." }, etag))
            .Expect(HttpStatusCode.OK);
        var start = (string)(await (await _admin.GetAsync("/api/v1/sync?limit=500")).Expect(HttpStatusCode.OK))["meta"]!["nextToken"]!;

        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _reader.GetAsync($"/api/v1/articles/slug/{slug}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.GetAsync($"/api/v1/articles/{id}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        var list = await (await _reader.GetAsync($"/api/v1/articles?tag={tag["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Empty(list["data"]!.AsArray());
        Assert.DoesNotContain(slug, await (await _reader.GetAsync($"/api/v1/feeds/rss?tag={tag["slug"]}")).Content.ReadAsStringAsync());
        var sync = await (await _admin.GetAsync($"/api/v1/sync?since={Uri.EscapeDataString(start)}")).Expect(HttpStatusCode.OK);
        Assert.True((bool)sync["data"]!.AsArray().Single(i => (string?)i!["id"] == id)!["deleted"]!);

        // In the trash, its slug reserved: a new story cannot take it.
        var trashed = Assert.Single(await Trash(), t => (string?)t!["id"] == id)!;
        Assert.Equal((slug, title, "published"), ((string?)trashed["slug"], (string?)trashed["title"], (string?)trashed["status"]));
        Assert.Equal(DateTimeOffset.Parse((string)trashed["trashedAt"]!).AddDays(30), DateTimeOffset.Parse((string)trashed["purgeAt"]!));
        await (await _admin.Post("/api/v1/articles", new { title = "Lain", slug })).ExpectProblem(HttpStatusCode.Conflict, "slug_reserved");

        // Restored: the same id, slug, status, tags, bylines and corrections; readable again.
        var restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{id}/restore")).Expect(HttpStatusCode.OK);
        Assert.Equal((id, slug, "published"), ((string?)restored["id"], (string?)restored["slug"], (string?)restored["status"]));
        Assert.Equal([(string?)tag["slug"]], restored["tags"]!.AsArray().Select(t => (string?)t!["slug"]));
        Assert.Equal((string?)article["authors"]![0]!["id"], (string?)restored["authors"]![0]!["id"]);
        Assert.Equal("Koreksi: jumlah korban.", (string?)restored["corrections"]![0]!["text"]);
        Assert.Equal((string?)article["body"], (string?)restored["body"]);
        await (await _reader.GetAsync($"/api/v1/articles/slug/{slug}")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(await Trash(), t => (string?)t!["id"] == id);
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{id}/restore")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_admin_purges_at_once_and_the_rest_goes_after_its_days()
    {
        var first = await _admin.CreateArticle();
        var second = await _admin.CreateArticle();
        foreach (var a in new[] { first, second })
        {
            await (await _admin.DeleteAsync($"/api/v1/articles/{a["id"]}")).Expect(HttpStatusCode.NoContent);
        }
        var editor = factory.CreateClient(await factory.CreateKey("editor"));
        await (await editor.DeleteAsync($"/api/v1/articles/trash/{first["id"]}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await _admin.DeleteAsync($"/api/v1/articles/trash/{first["id"]}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.DeleteAsync($"/api/v1/articles/trash/{first["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        // Purged: its slug is free again.
        await (await _admin.Post("/api/v1/articles", new { title = "Lagi", slug = (string)first["slug"]! })).Expect(HttpStatusCode.Created);

        // The purger's hourly pass, on this fake clock: not yet after 29 days, done soon after 30.
        factory.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Contains(await Trash(), t => (string?)t!["id"] == (string?)second["id"]);
        factory.Clock.Advance(TimeSpan.FromDays(1.5));
        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await Trash()).Any(t => (string?)t!["id"] == (string?)second["id"]) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
        Assert.DoesNotContain(await Trash(), t => (string?)t!["id"] == (string?)second["id"]);
        await (await _admin.Post("/api/v1/articles", new { title = "Lagi", slug = (string)second["slug"]! })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_entry_trashed_before_the_one_article_document_is_restored_too()
    {
        var article = await _admin.PublishArticle(Http.Unique("Dibuang Kemarin"), await _admin.CreateTag());
        var id = Guid.Parse((string)article["id"]!);
        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        // As those builds wrote it: the write under "write", its enums as C# names them, no kicker.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
            var entry = await db.ArticleTrash.SingleAsync(t => t.Id == id);
            var snapshot = JsonNode.Parse(entry.SnapshotJson)!.AsObject();
            var write = snapshot["document"]!.AsObject();
            snapshot.Remove("document");
            write.Remove("kicker");
            write["status"] = "Published";
            foreach (var byline in write["authors"]!.AsArray())
            {
                byline!["role"] = "Reporter";
            }
            snapshot["write"] = write;
            entry.SnapshotJson = snapshot.ToJsonString();
            await db.SaveChangesAsync();
        }

        var restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{id}/restore")).Expect(HttpStatusCode.OK);
        Assert.Equal(((string?)article["title"], "published", (string?)article["authors"]![0]!["id"]),
            ((string?)restored["title"], (string?)restored["status"], (string?)restored["authors"]![0]!["id"]));
    }

    [Fact]
    public async Task Only_editors_see_and_restore_the_trash()
    {
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        var draft = await writer.CreateArticle();
        await (await writer.DeleteAsync($"/api/v1/articles/{draft["id"]}")).Expect(HttpStatusCode.NoContent);
        await (await writer.GetAsync("/api/v1/articles/trash")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await writer.Send(HttpMethod.Post, $"/api/v1/articles/trash/{draft["id"]}/restore")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await _reader.GetAsync("/api/v1/articles/trash")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _admin.GetAsync("/api/v1/articles/trash?pageSize=0")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "pageSize");
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{Guid.NewGuid()}/restore")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        var restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{draft["id"]}/restore")).Expect(HttpStatusCode.OK);
        Assert.Equal("draft", (string?)restored["status"]);
    }
}

public sealed class ArticleTrashTestsOnSqlite(SqliteDistributionFactory factory)
    : ArticleTrashTests<SqliteDistributionFactory>(factory), IClassFixture<SqliteDistributionFactory>;

public sealed class ArticleTrashTestsOnPostgres(PostgresDistributionFactory factory)
    : ArticleTrashTests<PostgresDistributionFactory>(factory), IClassFixture<PostgresDistributionFactory>;
