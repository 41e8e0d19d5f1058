using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Articles;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// Revisions: every save of what an editor writes is kept with who and when, can be listed, read, compared and put
/// back; published ones are never pruned, the rest down to Cms:RevisionsKept (3 here), a bounded few per save.
/// </summary>
public abstract class ArticleRevisionTests<TFactory>(TFactory factory) where TFactory : CmsFactory
{
    private readonly HttpClient _admin = factory.CreateClient();

    private async Task<(HttpClient Client, string Id, string Name)> Key(string role)
    {
        var name = Http.Unique(role);
        var key = await (await _admin.Post("/api/v1/keys", new { name, role })).Expect(HttpStatusCode.Created);
        return (factory.CreateClient((string)key["secret"]!), (string)key["id"]!, name);
    }

    private async Task<JsonArray> Revisions(string id, HttpClient? client = null) =>
        (await (await (client ?? _admin).GetAsync($"/api/v1/articles/{id}/revisions?pageSize=100")).Expect(HttpStatusCode.OK))["data"]!.AsArray();

    private async Task<JsonNode> Patch(HttpClient client, string id, object patch)
    {
        var etag = (await client.GetAsync($"/api/v1/articles/{id}")).ETag();
        return await (await client.Patch($"/api/v1/articles/{id}", patch, etag)).Expect(HttpStatusCode.OK);
    }

    private async Task<int> Count(string id, bool? published = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.ArticleRevisions.CountAsync(r => r.ArticleId == Guid.Parse(id) && (published == null || r.Published == published));
    }

    [Fact]
    public async Task Five_edits_from_two_keys_are_listed_read_compared_and_the_second_put_back()
    {
        var (alice, aliceId, aliceName) = await Key("editor");
        var (bob, bobId, bobName) = await Key("editor");
        var story = await alice.PublishArticle(Http.Unique("Putin tiba di Pyongyang"));
        var id = (string)story["id"]!;
        var states = new List<JsonNode> { story };
        states.Add(await Patch(bob, id, new { body = "Isi berita lengkap.\nPresiden Rusia tiba pukul 03.00." }));
        states.Add(await Patch(alice, id, new { title = "Putin tiba di Pyongyang, disambut Kim" }));
        states.Add(await Patch(bob, id, new { seo = new { metaTitle = "Putin di Pyongyang" } }));
        states.Add(await Patch(alice, id, new { body = "Isi berita lengkap.\nPresiden Rusia tiba pukul 02.45.\nIa disambut Kim." }));
        states.Add(await Patch(bob, id, new { tags = new[] { new { tagId = (string)(await bob.CreateTag())["id"]! } } }));

        // Newest first; each names its key and what it changed; each holds the article as that save left it.
        var list = await Revisions(id);
        Assert.Equal([6, 5, 4, 3, 2, 1], list.Select(r => (int)r!["number"]!));
        Assert.Equal([bobName, aliceName, bobName, aliceName, bobName, aliceName], list.Select(r => (string?)r!["keyName"]));
        Assert.Equal([bobId, aliceId, bobId, aliceId, bobId, aliceId], list.Select(r => (string?)r!["keyId"]));
        Assert.Equal(["tags"], list[0]!["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["body"], list[1]!["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["seo"], list[2]!["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["title"], list[3]!["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Contains("authors", list[5]!["changed"]!.AsArray().Select(c => (string?)c));
        Assert.All(list, r => Assert.True((bool)r!["published"]!));
        for (var n = 1; n <= 6; n++)
        {
            var revision = await (await alice.GetAsync($"/api/v1/articles/{id}/revisions/{n}")).Expect(HttpStatusCode.OK);
            var state = states[n - 1];
            var content = revision["content"]!;
            Assert.Equal(((string?)state["title"], (string?)state["body"], (string?)state["slug"], (string?)state["status"]),
                ((string?)content["title"], (string?)content["body"], (string?)content["slug"], (string?)content["status"]));
            Assert.Equal(state["authors"]!.AsArray().Select(a => (string?)a!["id"]), content["authors"]!.AsArray().Select(a => (string?)a!["authorId"]));
            Assert.Equal(state["tags"]!.AsArray().Select(a => (string?)a!["id"]), content["tags"]!.AsArray().Select(a => (string?)a!["tagId"]));
            Assert.Equal((string?)state["seo"]!["metaTitle"], (string?)content["seo"]!["metaTitle"]);
            Assert.Equal(DateTimeOffset.Parse((string)state["publishedAt"]!), DateTimeOffset.Parse((string)content["publishedAt"]!));
            Assert.Equal(DateTimeOffset.Parse((string)state["updatedAt"]!), DateTimeOffset.Parse((string)revision["at"]!));
        }

        // Revision 5 against 2: the title and the body, line by line.
        var diff = await (await alice.GetAsync($"/api/v1/articles/{id}/revisions/5/diff?from=2")).Expect(HttpStatusCode.OK);
        Assert.Equal((2, 5), ((int)diff["from"]!, (int)diff["to"]!));
        Assert.Equal(["title", "body", "seo"], diff["changed"]!.AsArray().Select(c => (string?)c));
        var title = Assert.Single(diff["fields"]!.AsArray(), f => (string?)f!["field"] == "title")!;
        Assert.Equal(((string?)states[1]["title"], "Putin tiba di Pyongyang, disambut Kim"), ((string?)title["from"], (string?)title["to"]));
        Assert.Equal(
            [("unchanged", "Isi berita lengkap."), ("deleted", "Presiden Rusia tiba pukul 03.00."), ("inserted", "Presiden Rusia tiba pukul 02.45."),
                ("inserted", "Ia disambut Kim.")],
            diff["body"]!.AsArray().Select(l => ((string)l!["change"]!, (string)l["text"]!)));
        // By default against the one before: 6 changed the tags only.
        var last = await (await alice.GetAsync($"/api/v1/articles/{id}/revisions/6/diff")).Expect(HttpStatusCode.OK);
        Assert.Equal(5, (int)last["from"]!);
        Assert.Equal(["tags"], last["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Empty(last["body"]!.AsArray());

        // Putting back the second: its text, the current publication, a new revision that says what it changed.
        var current = await alice.GetAsync($"/api/v1/articles/{id}");
        await (await alice.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/2/restore")).ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await alice.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/2/restore", ifMatch: "\"1\""))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        var restored = await (await alice.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/2/restore", ifMatch: current.ETag()))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(((string?)states[1]["title"], (string?)states[1]["body"], "published", (string?)story["publishedAt"]),
            ((string?)restored["title"], (string?)restored["body"], (string?)restored["status"], (string?)restored["publishedAt"]));
        Assert.Empty(restored["tags"]!.AsArray());
        Assert.Null(restored["seo"]!["metaTitle"]);
        var newest = (await Revisions(id))[0]!;
        Assert.Equal((7, aliceName), ((int)newest["number"]!, (string?)newest["keyName"]));
        Assert.Equal(["title", "body", "tags", "seo"], newest["changed"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public async Task Restoring_never_changes_the_publication()
    {
        var author = (string)(await _admin.CreateAuthor())["id"]!;
        var draft = await _admin.CreateArticle(new { body = "Versi pertama.", authors = new[] { new { authorId = author } } });
        var id = (string)draft["id"]!;
        await Patch(_admin, id, new { body = "Versi kedua." });
        var published = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/publish")).Expect(HttpStatusCode.OK);

        // Revision 1 was a draft; put back into the published story it stays published, its time kept.
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        var restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/1/restore", ifMatch: etag)).Expect(HttpStatusCode.OK);
        Assert.Equal(("Versi pertama.", "published", (string?)published["publishedAt"]),
            ((string?)restored["body"], (string?)restored["status"], (string?)restored["publishedAt"]));
        // Revision 3 was published; put back into the draft the story is again, it stays a draft.
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/unpublish")).Expect(HttpStatusCode.OK);
        etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/3/restore", ifMatch: etag)).Expect(HttpStatusCode.OK);
        Assert.Equal(("Versi kedua.", "draft"), ((string?)restored["body"], (string?)restored["status"]));
        // A writer may restore into a draft, not into a published story. (Drafts 1 and 2 are pruned by now: 3 are kept here.)
        var (writer, _, _) = await Key("writer");
        etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await writer.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/1/restore", ifMatch: etag)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await writer.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/4/restore", ifMatch: etag)).Expect(HttpStatusCode.OK);
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/publish")).Expect(HttpStatusCode.OK);
        etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await writer.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/3/restore", ifMatch: etag)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_restore_leaves_out_links_that_are_gone_and_refuses_a_body_that_no_longer_passes()
    {
        var author = await _admin.CreateAuthor();
        var tag = await _admin.CreateTag();
        var photo = await _admin.UploadPhoto(64, 48);
        var story = await _admin.CreateArticle(new
        {
            authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
            featureImage = new { assetId = (string)photo["id"]! },
        });
        var id = (string)story["id"]!;
        await Patch(_admin, id, new { authors = Array.Empty<object>(), tags = Array.Empty<object>(), featureImage = (object?)null });
        await (await _admin.DeleteAsync($"/api/v1/tags/{tag["id"]}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.DeleteAsync($"/api/v1/assets/{photo["id"]}")).Expect(HttpStatusCode.NoContent);
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        var restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/1/restore", ifMatch: etag)).Expect(HttpStatusCode.OK);
        Assert.Equal([(string?)author["id"]], restored["authors"]!.AsArray().Select(a => (string?)a!["id"]));
        Assert.Empty(restored["tags"]!.AsArray());
        Assert.Null(restored["featureImage"]);

        // A body showing an asset deleted since cannot come back as it was.
        var shown = await _admin.UploadPhoto(64, 48);
        await Patch(_admin, id, new { body = $"![Foto](asset:{shown["id"]})" });
        var withPhoto = (int)(await Revisions(id))[0]!["number"]!;
        await Patch(_admin, id, new { body = "Tanpa foto." });
        await (await _admin.DeleteAsync($"/api/v1/assets/{shown["id"]}")).Expect(HttpStatusCode.NoContent);
        etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/{withPhoto}/restore", ifMatch: etag))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "body");
    }

    [Fact]
    public async Task Of_two_saves_of_one_version_the_loser_is_refused_revision_and_all()
    {
        var created = await _admin.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Asli." });
        var id = (string)(await created.Expect(HttpStatusCode.Created))["id"]!;
        var responses = await Task.WhenAll(
            factory.CreateClient().Put($"/api/v1/articles/{id}", new { title = "Versi A", body = "A" }, created.ETag()),
            factory.CreateClient().Put($"/api/v1/articles/{id}", new { title = "Versi B", body = "B" }, created.ETag()));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).OrderBy(s => s));
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Expect(HttpStatusCode.OK);
        Assert.Equal([2, 1], (await Revisions(id)).Select(r => (int)r!["number"]!));
        var second = await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/2")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)winner["body"], (string?)second["content"]!["body"]);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_an_editor_writes_adds_no_revision()
    {
        var story = await _admin.PublishArticle(Http.Unique("Banjir"));
        var id = (string)story["id"]!;
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", new { text = "Koreksi." }, etag)).Expect(HttpStatusCode.OK);
        await Patch(_admin, id, new { title = (string)story["title"]! });
        Assert.Single(await Revisions(id));
    }

    [Fact]
    public async Task An_article_written_before_revisions_gets_its_old_state_as_the_first()
    {
        var story = await _admin.CreateArticle(new { body = "Sebelum revisi." });
        var id = (string)story["id"]!;
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // As an article stood before revisions were kept: none, and none counted.
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.ArticleRevisions.Where(r => r.ArticleId == Guid.Parse(id)).ExecuteDeleteAsync();
            await db.Articles.Where(a => a.Id == Guid.Parse(id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastRevision, 0));
        }
        Assert.Empty(await Revisions(id));
        await Patch(_admin, id, new { body = "Sesudah." });
        var list = await Revisions(id);
        Assert.Equal([2, 1], list.Select(r => (int)r!["number"]!));
        Assert.Empty(list[1]!["changed"]!.AsArray());
        Assert.Equal("bootstrap", (string?)list[1]!["keyName"]);
        Assert.Equal(etag, $"\"{list[1]!["version"]}\"");
        var first = await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/1")).Expect(HttpStatusCode.OK);
        Assert.Equal("Sebelum revisi.", (string?)first["content"]!["body"]);
    }

    [Fact]
    public async Task Published_revisions_are_kept_and_the_others_pruned_a_few_per_save()
    {
        var draft = await _admin.CreateArticle();
        var id = (string)draft["id"]!;
        for (var i = 0; i < 6; i++)
        {
            await Patch(_admin, id, new { body = $"Draf {i}." });
        }
        Assert.Equal(3, await Count(id));
        Assert.Equal([7, 6, 5], (await Revisions(id)).Select(r => (int)r!["number"]!));
        await Patch(_admin, id, new { authors = new[] { new { authorId = (string)(await _admin.CreateAuthor())["id"]! } } });
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/publish")).Expect(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            await Patch(_admin, id, new { body = $"Terbit {i}." });
        }
        Assert.Equal((6, 3), (await Count(id, published: true), await Count(id, published: false)));

        // A long history of drafts (as with a lower Cms:RevisionsKept than before) goes a bounded few per save.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.ArticleRevisions.AddRange(Enumerable.Range(100, 30).Select(n => new ArticleRevision
            {
                ArticleId = Guid.Parse(id), Number = n, Status = "draft", ChangedJson = "[]", DocumentJson = "{}", At = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        }
        await Patch(_admin, id, new { body = "Sekali lagi." });
        Assert.Equal(33 - ArticleRevisions.PrunedPerSave, await Count(id, published: false));
        Assert.Equal(7, await Count(id, published: true));
    }

    [Fact]
    public async Task Revisions_outlive_the_trash_and_go_with_a_purge()
    {
        var draft = await _admin.CreateArticle();
        var id = (string)draft["id"]!;
        await Patch(_admin, id, new { body = "Kedua." });
        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(2, (await Revisions(id)).Count);
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{id}/restore")).Expect(HttpStatusCode.OK);
        Assert.Equal([3, 2, 1], (await Revisions(id)).Select(r => (int)r!["number"]!));
        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.DeleteAsync($"/api/v1/articles/trash/{id}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(0, await Count(id));
        await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Bad_requests_get_problems()
    {
        var draft = await _admin.CreateArticle();
        var id = (string)draft["id"]!;
        var (reader, _, _) = await Key("reader");
        await (await reader.GetAsync($"/api/v1/articles/{id}/revisions")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/{id}/revisions")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _admin.GetAsync($"/api/v1/articles/{Guid.NewGuid()}/revisions")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions?pageSize=500")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "pageSize");
        await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/9")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/satu")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "number");
        await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/1/diff?from=9")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/1/diff?from=x")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "from");
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/9/restore", ifMatch: etag)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{Guid.NewGuid()}/revisions/1/restore", ifMatch: etag)).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        // The first revision against nothing: what it set.
        var first = await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/1/diff")).Expect(HttpStatusCode.OK);
        Assert.Null(first["from"]);
        Assert.Equal(["slug", "title", "body", "language", "status"], first["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Equal([("inserted", "Isi berita.")], first["body"]!.AsArray().Select(l => ((string)l!["change"]!, (string)l["text"]!)));
    }

    [Fact]
    public async Task Every_field_of_the_document_survives_a_patch_the_trash_and_both_restores()
    {
        // Every editable field set, so a field that a conversion (row to document, document to write, write to row)
        // forgets shows as a difference between two revisions' content.
        var author = await _admin.CreateAuthor();
        var tag = await _admin.CreateTag();
        var created = await (await _admin.Post("/api/v1/articles", new
        {
            slug = Http.Unique("putin-tiba").Replace(' ', '-'), kicker = "EKSKLUSIF", title = "Putin tiba di Pyongyang",
            subtitle = "Kunjungan pertama dalam 24 tahun", excerpt = "Ringkasan redaksi.", body = "Isi berita.", language = "id-ID",
            status = "published", publishedAt = "2024-06-19T12:04:00+07:00",
            featureImage = new { url = "https://example.com/putin.jpg", alt = "Putin", caption = "Presiden Rusia, Vladimir Putin", credit = "Net" },
            authors = new[] { new { authorId = (string)author["id"]!, role = "editor" } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
            seo = new { metaTitle = "Putin di Pyongyang", metaDescription = "Kunjungan", canonicalUrl = "https://example.com/a" },
        })).Expect(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Equal("EKSKLUSIF", (string?)created["kicker"]);
        var listed = await (await _admin.GetAsync($"/api/v1/articles?tag={tag["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal("EKSKLUSIF", (string?)listed["data"]![0]!["kicker"]);
        async Task<JsonObject> Content(int n) =>
            (await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions/{n}")).Expect(HttpStatusCode.OK))["content"]!.AsObject();
        var first = await Content(1);
        Assert.All(first, field => Assert.NotNull(field.Value));

        // A PATCH of one field changes that one.
        await Patch(_admin, id, new { kicker = "TERKINI" });
        var patched = await Content(2);
        Assert.Equal(["kicker"], (await Revisions(id))[0]!["changed"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("TERKINI", (string?)patched["kicker"]);
        patched["kicker"] = "EKSKLUSIF";
        Assert.Equal(first.ToJsonString(), patched.ToJsonString());

        // Restoring revision 1 gives back every field of it but the slug, status and time, which restoring keeps.
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/revisions/1/restore", ifMatch: etag)).Expect(HttpStatusCode.OK);
        Assert.Equal(first.ToJsonString(), (await Content(3)).ToJsonString());

        // Through the trash and back: the same document.
        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        var restored = await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/trash/{id}/restore")).Expect(HttpStatusCode.OK);
        Assert.Equal("EKSKLUSIF", (string?)restored["kicker"]);
        Assert.Equal(first.ToJsonString(), (await Content(4)).ToJsonString());
    }

    [Fact]
    public void Every_field_of_a_revision_is_named_in_the_contract()
    {
        var fields = typeof(ArticleDocument).GetProperties().Where(p => p.DeclaringType == typeof(ArticleDocument) && p.CanWrite)
            .Select(p => p.Name).Order();
        Assert.Equal(Enum.GetNames<RevisionField>().Order(), fields);
    }
}

public sealed class SqliteRevisionsFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Cms:RevisionsKept", "3")];
}

public sealed class PostgresRevisionsFactory : PostgresCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Cms:RevisionsKept", "3")];
}

public sealed class ArticleRevisionTestsOnSqlite(SqliteRevisionsFactory factory)
    : ArticleRevisionTests<SqliteRevisionsFactory>(factory), IClassFixture<SqliteRevisionsFactory>;

public sealed class ArticleRevisionTestsOnPostgres(PostgresRevisionsFactory factory)
    : ArticleRevisionTests<PostgresRevisionsFactory>(factory), IClassFixture<PostgresRevisionsFactory>;
