using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Keys;

/// <summary>
/// Every operation by every kind of caller (no key, reader, writer, editor, admin, revoked key):
/// the status each must get. Each cell works on resources made for it alone.
/// </summary>
public abstract class AccessMatrixTests(CmsFactory factory)
{
    private static readonly ConcurrentDictionary<CmsFactory, Task<Dictionary<string, string>>> KeyRings = new();
    private readonly HttpClient _admin = factory.CreateClient();

    public static readonly string[] Callers = ["none", "reader", "writer", "editor", "admin", "revoked"];

    /// <summary>Name, role needed (null: open read), success status, and whether a writer is refused anyway.</summary>
    private sealed record Operation(string Name, string? Role, HttpStatusCode Success,
        Func<HttpClient, Task<HttpRequestMessage>> Build, bool WriterRefused = false, bool HiddenFromPublic = false);

    private static readonly Operation[] Operations =
    [
        new("listArticles", null, HttpStatusCode.OK, _ => Ready(Get("/api/v1/articles"))),
        new("getPublishedArticle", null, HttpStatusCode.OK, async a => Get($"/api/v1/articles/{await Article(a, true)}")),
        new("getPublishedArticleBySlug", null, HttpStatusCode.OK,
            async a => Get($"/api/v1/articles/slug/{await ArticleSlug(a)}")),
        new("listRelatedArticles", null, HttpStatusCode.OK, async a => Get($"/api/v1/articles/{await Article(a, true)}/related")),
        new("getDraftArticle", null, HttpStatusCode.OK, async a => Get($"/api/v1/articles/{await Article(a, false)}"),
            HiddenFromPublic: true),
        new("createDraftArticle", "writer", HttpStatusCode.Created, _ => Ready(Send(HttpMethod.Post, "/api/v1/articles",
            new { title = Http.Unique("Draf") }))),
        new("createPublishedArticle", "writer", HttpStatusCode.Created, async a => Send(HttpMethod.Post, "/api/v1/articles",
            new { title = Http.Unique("Terbit"), body = "Isi.", status = "published", authors = await Byline(a) }),
            WriterRefused: true),
        new("replaceDraftArticle", "writer", HttpStatusCode.OK, async a => Send(HttpMethod.Put,
            $"/api/v1/articles/{await Article(a, false)}", new { title = "Baru" })),
        new("replacePublishedArticle", "writer", HttpStatusCode.OK, async a => Send(HttpMethod.Put,
            $"/api/v1/articles/{await Article(a, true)}",
            new { title = "Baru", body = "Isi.", status = "published", authors = await Byline(a) }), WriterRefused: true),
        new("updateDraftArticle", "writer", HttpStatusCode.OK, async a => Patch($"/api/v1/articles/{await Article(a, false)}")),
        new("updatePublishedArticle", "writer", HttpStatusCode.OK, async a => Patch($"/api/v1/articles/{await Article(a, true)}"),
            WriterRefused: true),
        new("deleteDraftArticle", "writer", HttpStatusCode.NoContent,
            async a => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/articles/{await Article(a, false)}")),
        new("deletePublishedArticle", "writer", HttpStatusCode.NoContent,
            async a => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/articles/{await Article(a, true)}"), WriterRefused: true),
        new("publishArticle", "editor", HttpStatusCode.OK, async a => Send(HttpMethod.Post,
            $"/api/v1/articles/{await Article(a, false, complete: true)}/publish")),
        new("unpublishArticle", "editor", HttpStatusCode.OK, async a => Send(HttpMethod.Post,
            $"/api/v1/articles/{await Article(a, true)}/unpublish")),
        new("archiveArticle", "editor", HttpStatusCode.OK, async a => Send(HttpMethod.Post,
            $"/api/v1/articles/{await Article(a, true)}/archive")),
        new("listAuthors", null, HttpStatusCode.OK, _ => Ready(Get("/api/v1/authors"))),
        new("getAuthor", null, HttpStatusCode.OK, async a => Get($"/api/v1/authors/{await Id(a, "authors")}")),
        new("getAuthorBySlug", null, HttpStatusCode.OK, async a => Get($"/api/v1/authors/slug/{await Slug(a, "authors")}")),
        new("createAuthor", "editor", HttpStatusCode.Created, _ => Ready(Send(HttpMethod.Post, "/api/v1/authors", new { name = Http.Unique("A") }))),
        new("replaceAuthor", "editor", HttpStatusCode.OK, async a => Send(HttpMethod.Put, $"/api/v1/authors/{await Id(a, "authors")}", new { name = "B" })),
        new("updateAuthor", "editor", HttpStatusCode.OK, async a => Patch($"/api/v1/authors/{await Id(a, "authors")}", "{\"bio\":\"b\"}")),
        new("deleteAuthor", "editor", HttpStatusCode.NoContent,
            async a => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/authors/{await Id(a, "authors")}")),
        new("listTags", null, HttpStatusCode.OK, _ => Ready(Get("/api/v1/tags"))),
        new("getTag", null, HttpStatusCode.OK, async a => Get($"/api/v1/tags/{await Id(a, "tags")}")),
        new("getTagBySlug", null, HttpStatusCode.OK, async a => Get($"/api/v1/tags/slug/{await Slug(a, "tags")}")),
        new("createTag", "editor", HttpStatusCode.Created, _ => Ready(Send(HttpMethod.Post, "/api/v1/tags", new { name = Http.Unique("T") }))),
        new("replaceTag", "editor", HttpStatusCode.OK, async a => Send(HttpMethod.Put, $"/api/v1/tags/{await Id(a, "tags")}", new { name = "B" })),
        new("updateTag", "editor", HttpStatusCode.OK, async a => Patch($"/api/v1/tags/{await Id(a, "tags")}", "{\"description\":\"d\"}")),
        new("deleteTag", "editor", HttpStatusCode.NoContent,
            async a => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tags/{await Id(a, "tags")}")),
        new("syncChanges", null, HttpStatusCode.OK, _ => Ready(Get("/api/v1/sync?limit=5"))),
        new("listKeys", "admin", HttpStatusCode.OK, _ => Ready(Get("/api/v1/keys"))),
        new("createKey", "admin", HttpStatusCode.Created, _ => Ready(Send(HttpMethod.Post, "/api/v1/keys", new { name = "k", role = "reader" }))),
        new("revokeKey", "admin", HttpStatusCode.NoContent, async a =>
        {
            var key = await (await a.Post("/api/v1/keys", new { name = "k", role = "reader" })).Expect(HttpStatusCode.Created);
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/keys/{key["id"]}");
        }),
    ];

    public static IEnumerable<object[]> Cells() =>
        Operations.SelectMany(o => Callers.Select(c => new object[] { o.Name, c }));

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_operation_answers_each_caller_as_its_role_allows(string operation, string caller)
    {
        var op = Operations.Single(o => o.Name == operation);
        var request = await op.Build(_admin);
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        var keys = await KeyRings.GetOrAdd(factory, MakeKeys);
        var client = caller == "none" ? factory.CreateAnonymousClient() : factory.CreateClient(keys[caller]);

        var response = await client.SendAsync(request);

        var expected = Expected(op, caller);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode,
            $"{operation} by {caller}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    private static HttpStatusCode Expected(Operation op, string caller)
    {
        string[] order = ["reader", "writer", "editor", "admin"];
        if (caller == "revoked")
        {
            return HttpStatusCode.Unauthorized;
        }
        if (caller == "none")
        {
            return op.Role is not null ? HttpStatusCode.Unauthorized
                : op.HiddenFromPublic ? HttpStatusCode.NotFound : op.Success;
        }
        var allowed = op.Role is null || Array.IndexOf(order, caller) >= Array.IndexOf(order, op.Role);
        return !allowed || (op.WriterRefused && caller == "writer") ? HttpStatusCode.Forbidden : op.Success;
    }

    private async Task<Dictionary<string, string>> MakeKeys(CmsFactory _) => new()
    {
        ["reader"] = await factory.CreateKey("reader"),
        ["writer"] = await factory.CreateKey("writer"),
        ["editor"] = await factory.CreateKey("editor"),
        ["admin"] = await factory.CreateKey("admin"),
        ["revoked"] = await factory.CreateRevokedKey(),
    };

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static Task<HttpRequestMessage> Ready(HttpRequestMessage request) => Task.FromResult(request);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) => new(method, url)
    {
        Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, Http.Json), Encoding.UTF8, "application/json"),
    };

    private static HttpRequestMessage Patch(string url, string body = "{\"title\":\"Diperbarui\"}") => new(HttpMethod.Patch, url)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/merge-patch+json"),
    };

    private static async Task<JsonArray> Byline(HttpClient admin) =>
        new(new JsonObject { ["authorId"] = (string)(await admin.CreateAuthor())["id"]! });

    private static async Task<string> Article(HttpClient admin, bool published, bool complete = false)
    {
        object body = published || complete
            ? new { title = Http.Unique("Berita"), body = "Isi.", status = published ? "published" : "draft", authors = await Byline(admin) }
            : new { title = Http.Unique("Draf") };
        return (string)(await (await admin.Post("/api/v1/articles", body)).Expect(HttpStatusCode.Created))["id"]!;
    }

    private static async Task<string> ArticleSlug(HttpClient admin)
    {
        var id = await Article(admin, true);
        return (string)(await (await admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK))["slug"]!;
    }

    private static async Task<string> Id(HttpClient admin, string resource) =>
        (string)(await Create(admin, resource))["id"]!;

    private static async Task<string> Slug(HttpClient admin, string resource) =>
        (string)(await Create(admin, resource))["slug"]!;

    private static Task<JsonNode> Create(HttpClient admin, string resource) =>
        resource == "authors" ? admin.CreateAuthor() : admin.CreateTag();
}

/// <summary>
/// The revoked caller sends its key to every operation, all from one address: more failed keys than that address may
/// try (RateLimitTests test that limit).
/// </summary>
public sealed class NoFailedKeyLimitSqliteFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimits:FailedKeys", "0")];
}

public sealed class NoFailedKeyLimitPostgresFactory : PostgresCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimits:FailedKeys", "0")];
}

public sealed class AccessMatrixTestsOnSqlite(NoFailedKeyLimitSqliteFactory factory) : AccessMatrixTests(factory), IClassFixture<NoFailedKeyLimitSqliteFactory>;

public sealed class AccessMatrixTestsOnPostgres(NoFailedKeyLimitPostgresFactory factory) : AccessMatrixTests(factory), IClassFixture<NoFailedKeyLimitPostgresFactory>;
