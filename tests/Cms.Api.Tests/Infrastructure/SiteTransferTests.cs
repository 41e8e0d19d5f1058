using System.Net;
using System.Text;
using Cms.Api.Media;
using Cms.Api.Transfer;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>A source site on SQLite, moved to PostgreSQL and back by export and import.</summary>
public sealed class SqliteSourceFactory : SqliteCmsFactory;

/// <summary>An empty SQLite site the PostgreSQL one is moved back to.</summary>
public sealed class SqliteTargetFactory : SqliteCmsFactory;

/// <summary>
/// Export and import: a site moved from SQLite to PostgreSQL (and its media from a folder to S3) reads the same, exports
/// the same bytes, and moved back exports them again; importing twice adds nothing; a bad file stops with its line.
/// </summary>
public sealed class SiteTransferTests(SqliteSourceFactory source, PostgresCmsFactory postgres, SqliteTargetFactory target)
    : IClassFixture<SqliteSourceFactory>, IClassFixture<PostgresCmsFactory>, IClassFixture<SqliteTargetFactory>
{
    private static async Task<byte[]> ExportAsync(CmsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var output = new MemoryStream();
        await SiteTransfer.ExportAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(),
            scope.ServiceProvider.GetRequiredService<IMediaStore>(), output, CancellationToken.None);
        return output.ToArray();
    }

    private static Task<int> ImportAsync(CmsFactory factory, byte[] export) =>
        SiteTransfer.ImportAsync(factory.Services, new MemoryStream(export), CancellationToken.None);

    [Fact]
    public async Task A_site_moves_to_postgres_and_back_and_exports_the_same_bytes()
    {
        // A small newsroom: a reporter with a photo for avatar, a tag, a lead photo and one in the body, a story
        // published, renamed (an old slug), edited (revisions), corrected; a draft; a story in the trash; a key.
        var admin = source.CreateClient();
        var avatar = await admin.UploadPhoto(40, 40, alt: "Rina");
        var reporter = await admin.CreateAuthor("Rina Wartawan", new { avatarAssetId = (string)avatar["id"]!, socials = new { x = "rina" } });
        var tag = await admin.CreateTag("Politik");
        var lead = await admin.UploadPhoto(64, 48, alt: "Presiden Rusia, Vladimir Putin", credit: "Net");
        var inline = await admin.UploadPhoto(32, 24);
        var story = await admin.CreateArticle(new
        {
            title = "Putin tiba di Pyongyang", body = $"Presiden Rusia tiba.\n\n![Kim](asset:{inline["id"]})", status = "published",
            publishedAt = "2024-06-19T12:04:00+07:00", authors = new[] { new { authorId = (string)reporter["id"]!, role = "reporter" } },
            tags = new[] { new { tagId = (string)tag["id"]! } }, featureImage = new { assetId = (string)lead["id"]!, caption = "Tiba" },
        });
        var id = (string)story["id"]!;
        var etag = (await admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        etag = (await admin.Patch($"/api/v1/articles/{id}", new { slug = "putin-di-pyongyang", subtitle = "Kunjungan kenegaraan" }, etag)).ETag();
        await (await admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", new { text = "Koreksi: jam tiba." }, etag))
            .Expect(HttpStatusCode.OK);
        // Live coverage: two updates, one pinned, one edited (its stream's events move too).
        await (await admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/coverage/start", new { }, (await admin.GetAsync($"/api/v1/articles/{id}")).ETag()))
            .Expect(HttpStatusCode.OK);
        var update = await (await admin.Post($"/api/v1/articles/{id}/updates", new { headline = "Tiba", body = "Pesawat mendarat.",
            authors = new[] { (string)reporter["id"]! } })).Expect(HttpStatusCode.Created);
        await (await admin.Post($"/api/v1/articles/{id}/updates", new { body = $"Foto: ![Kim](asset:{inline["id"]})" })).Expect(HttpStatusCode.Created);
        await (await admin.Post($"/api/v1/articles/{id}/updates/{update["id"]}/pin", new { })).Expect(HttpStatusCode.OK);
        // The homepage, with the story pinned, and tomorrow's arrangement waiting.
        await (await admin.Post("/api/v1/collections", new { slug = "utama", name = "Utama", kind = "manual", capacity = 5,
            items = new[] { new { articleId = id, pinned = true } } })).Expect(HttpStatusCode.Created);
        await (await admin.Post("/api/v1/collections/utama/arrangements", new { effectiveAt = "2099-01-01T06:00:00+07:00",
            items = Array.Empty<object>() })).Expect(HttpStatusCode.Created);
        await admin.CreateArticle(new { title = "Draf pemilu", body = "Belum selesai." });
        var gone = await admin.CreateArticle(new { title = "Salah tayang" });
        await (await admin.DeleteAsync($"/api/v1/articles/{gone["id"]}")).Expect(HttpStatusCode.NoContent);
        var key = await source.CreateKey("editor");
        await (await source.CreateClient(key).GetAsync("/api/v1/articles")).Expect(HttpStatusCode.OK);
        // A person of the newsroom app, with the reporter's profile, who saved the story (revision 3).
        var person = await source.CreatePersonAsync("editor", Guid.Parse((string)reporter["id"]!));
        await (await person.Client.Patch($"/api/v1/articles/{id}", new { excerpt = "Ringkasan" }, (await admin.GetAsync($"/api/v1/articles/{id}")).ETag()))
            .Expect(HttpStatusCode.OK);

        var first = await ExportAsync(source);
        Assert.True(await ImportAsync(postgres, first) > 10);
        var moved = await ExportAsync(postgres);
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(moved));

        // Twice changes nothing; and back to SQLite, the same bytes again (before anything is written here).
        Assert.Equal(0, await ImportAsync(postgres, first));
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(await ExportAsync(postgres)));
        await ImportAsync(target, moved);
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(await ExportAsync(target)));


        // PostgreSQL serves the site as SQLite did: the story, its old slug, revisions, trash, audit log and photos.
        var reader = postgres.CreateAnonymousClient();
        var read = await (await reader.GetAsync("/api/v1/articles/slug/putin-di-pyongyang")).Expect(HttpStatusCode.OK);
        var was = await (await admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
        foreach (var field in new[] { "title", "subtitle", "body", "bodyHtml", "publishedAt", "updatedAt", "createdAt", "excerpt" })
        {
            Assert.Equal((string?)was[field], (string?)read[field]);
        }
        Assert.Equal(was["authors"]!.ToJsonString(), read["authors"]!.ToJsonString());
        Assert.Equal(was["tags"]!.ToJsonString(), read["tags"]!.ToJsonString());
        Assert.Equal(was["corrections"]!.ToJsonString(), read["corrections"]!.ToJsonString());
        Assert.Equal(was["live"]!.ToJsonString(), read["live"]!.ToJsonString());
        Assert.Equal(3, (long)read["live"]!["lastSequence"]!);
        var homepage = await (await reader.GetAsync("/api/v1/collections/utama")).Expect(HttpStatusCode.OK);
        Assert.Equal(id, (string?)Assert.Single(homepage["items"]!.AsArray())!["id"]);
        var arrangements = await (await postgres.CreateClient().GetAsync("/api/v1/collections/utama/arrangements")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, arrangements["data"]!.AsArray().Count); // the one in effect and tomorrow's
        var changes = await (await reader.GetAsync($"/api/v1/articles/{id}/updates?after=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, changes["items"]!.AsArray().Count); // the second update posted, the first pinned: as on SQLite
        Assert.Equal((string?)was["featureImage"]!["url"], (string?)read["featureImage"]!["url"]);
        Assert.Equal((await admin.GetAsync($"/api/v1/articles/{id}")).ETag(), (await postgres.CreateClient().GetAsync($"/api/v1/articles/{id}")).ETag());
        var old = await postgres.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync($"/api/v1/articles/slug/{story["slug"]}");
        Assert.Equal((HttpStatusCode.MovedPermanently, "/api/v1/articles/slug/putin-di-pyongyang"), (old.StatusCode, old.Headers.Location?.OriginalString));
        var photo = await reader.GetAsync((string)read["featureImage"]!["url"]!);
        Assert.Equal(await (await admin.GetAsync((string)was["featureImage"]!["url"]!)).Content.ReadAsByteArrayAsync(),
            await photo.Content.ReadAsByteArrayAsync());
        var editor = postgres.CreateClient();
        var revisions = await (await editor.GetAsync($"/api/v1/articles/{id}/revisions")).Expect(HttpStatusCode.OK);
        Assert.Equal([3, 2, 1], revisions["data"]!.AsArray().Select(r => (int)r!["number"]!));
        Assert.Equal(person.Name, (string?)revisions["data"]![0]!["keyName"]);
        var trash = await (await editor.GetAsync("/api/v1/articles/trash")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)gone["id"], (string?)Assert.Single(trash["data"]!.AsArray())!["id"]);
        await (await editor.Post("/api/v1/articles", new { title = "Lain", slug = (string)gone["slug"]! })).ExpectProblem(HttpStatusCode.Conflict, "slug_reserved");
        var audit = await (await editor.GetAsync("/api/v1/audit?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Contains(audit["data"]!.AsArray(), e => (string?)e!["action"] == "addArticleCorrection");
        // A key is moved for the names in the history, never its secret: it opens nothing here.
        await (await postgres.CreateClient(key).GetAsync("/api/v1/articles")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        // A person moves with their role and profile but no password: a link from an admin lets them in again.
        await (await postgres.CreateBrowserClient().Post("/api/v1/session", new { email = person.Email, password = People.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        var profile = await (await editor.GetAsync($"/api/v1/people/{person.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("editor", (string?)reporter["id"], true), ((string?)profile["role"], (string?)profile["authorId"], (bool)profile["invitationPending"]!));
        var link = await (await editor.Post($"/api/v1/people/{person.Id}/password-link", new { })).Expect(HttpStatusCode.OK);
        await (await postgres.CreateAnonymousClient().Post($"/api/v1/people/{person.Id}/password", new { token = (string)link["token"]!, password = People.Password }))
            .Expect(HttpStatusCode.NoContent);
        await postgres.SignInAsync(person.Email, People.Password);

        // The imported site goes on: a new audit entry numbers after the imported ones, a save after the revisions.
        var after = await editor.Patch($"/api/v1/articles/{id}", new { subtitle = "Hari kedua" },
            (await editor.GetAsync($"/api/v1/articles/{id}")).ETag());
        await after.Expect(HttpStatusCode.OK);
        revisions = await (await editor.GetAsync($"/api/v1/articles/{id}/revisions")).Expect(HttpStatusCode.OK);
        Assert.Equal([4, 3, 2, 1], revisions["data"]!.AsArray().Select(r => (int)r!["number"]!));
        audit = await (await editor.GetAsync("/api/v1/audit?pageSize=1")).Expect(HttpStatusCode.OK);
        Assert.Equal("updateArticle", (string?)audit["data"]![0]!["action"]);
    }

    [Fact]
    public async Task A_bad_file_stops_at_its_line()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(target, Encoding.UTF8.GetBytes(
            "{\"kind\":\"cms\",\"data\":{\"format\":1}}\n{\"kind\":\"tag\",\"data\":{\"name\":\"x\"\n")));
        Assert.StartsWith("line 2: not JSON", error.Message);
        error = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(target, Encoding.UTF8.GetBytes("{\"kind\":\"cms\",\"data\":{\"format\":9}}\n")));
        Assert.Contains("format 9", error.Message);
        error = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(target, Encoding.UTF8.GetBytes("{\"kind\":\"tag\",\"data\":{}}\n")));
        Assert.Equal("line 1: not a Cms export: it starts with {\"kind\":\"cms\", …}", error.Message);
        // What dotnet run prints ahead of the program's output is passed over; a kind this build does not know is not.
        error = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(target, Encoding.UTF8.GetBytes(
            "Using launch settings from src/Cms.Api/Properties/launchSettings.json...\n{\"kind\":\"cms\",\"data\":{\"format\":1}}\n{\"kind\":\"page\",\"data\":{}}\n")));
        Assert.Contains("unknown kind of record 'page'", error.Message);
        await using var scope = target.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Tags.AnyAsync(t => t.Name == "x"));
    }
}
