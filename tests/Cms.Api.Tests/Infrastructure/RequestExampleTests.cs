using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// The examples openapi.yaml (and so Swagger UI) offers are requests that succeed as sent, on the demo content the quick
/// start loads, and are valid against their own schemas; every error response offers the code its status means.
/// </summary>
public abstract class RequestExampleTests<TFactory>(TFactory factory) where TFactory : CmsFactory
{
    private readonly HttpClient _admin = factory.CreateClient();

    private async Task<JsonObject> Document() =>
        JsonNode.Parse(await (await _admin.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Every write of the document: operation id, and the example of its body (null: it takes none).</summary>
    private static Dictionary<string, JsonObject?> Writes(JsonObject document)
    {
        var schemas = document["components"]!["schemas"]!;
        var writes = new Dictionary<string, JsonObject?>();
        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "post" or "put" or "patch"))
            {
                var content = operation!["requestBody"]?["content"]?.AsObject().Single().Value;
                var name = ((string?)content?["schema"]?["$ref"])?.Split('/')[^1];
                var schema = name is null ? null : schemas[name]!;
                writes[(string)operation["operationId"]!] = schema?["examples"]?[0]?.AsObject()
                    ?? (schema is null ? null : PropertyExamples(schema));
            }
        }
        return writes;
    }

    /// <summary>A form's example: each property's (Swagger UI fills the fields of a multipart upload from them).</summary>
    private static JsonObject PropertyExamples(JsonNode schema) => new(schema["properties"]!.AsObject()
        .Where(p => p.Value?["examples"] is not null)
        .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value!["examples"]![0]!.DeepClone())));

    [Fact]
    public async Task Every_write_example_succeeds_as_sent()
    {
        var writes = Writes(await Document());
        string Body(string operation) => writes[operation]!.ToJsonString();

        var tag = await Send(HttpMethod.Post, "/api/v1/tags", Body("createTag"), HttpStatusCode.Created);
        await Send(HttpMethod.Put, $"/api/v1/tags/{tag["id"]}", Body("replaceTag"));
        await Send(HttpMethod.Patch, $"/api/v1/tags/{tag["id"]}", Body("updateTag"));
        var author = await Send(HttpMethod.Post, "/api/v1/authors", Body("createAuthor"), HttpStatusCode.Created);
        await Send(HttpMethod.Put, $"/api/v1/authors/{author["id"]}", Body("replaceAuthor"));
        await Send(HttpMethod.Patch, $"/api/v1/authors/{author["id"]}", Body("updateAuthor"));

        // The seed's story, credited to the demo's reporter and tag, at its WIB time.
        var story = await Send(HttpMethod.Post, "/api/v1/articles", Body("createArticle"), HttpStatusCode.Created);
        Assert.Equal(("published", "2024-06-19T12:04:00+07:00", "politik"),
            ((string?)story["status"], (string?)story["publishedAtLocal"], (string?)story["tags"]![0]!["slug"]));
        var id = (string)story["id"]!;
        await Send(HttpMethod.Put, $"/api/v1/articles/{id}", Body("replaceArticle"));
        await Send(HttpMethod.Patch, $"/api/v1/articles/{id}", Body("updateArticle"));
        await Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", Body("addArticleCorrection"));
        await Send(HttpMethod.Post, $"/api/v1/articles/{id}/unpublish", null);
        await Send(HttpMethod.Post, $"/api/v1/articles/{id}/publish", Body("publishArticle"));
        // The story goes live: an update by the demo's reporter, then edited.
        await Send(HttpMethod.Post, $"/api/v1/articles/{id}/coverage/start", null);
        var update = await Send(HttpMethod.Post, $"/api/v1/articles/{id}/updates", Body("postLiveUpdate"), HttpStatusCode.Created);
        Assert.Equal("Putin tiba di Jakarta", (string?)update["headline"]);
        await Send(HttpMethod.Put, $"/api/v1/articles/{id}/updates/{update["id"]}", Body("editLiveUpdate"));

        // The upload as Swagger UI fills it in: the file, and every text field with its example.
        var asset = await Upload(writes["uploadAsset"]!);
        Assert.Equal("Vladimir Putin turun dari pesawat di Bandara Pyongyang", (string?)asset["alt"]);
        await Send(HttpMethod.Patch, $"/api/v1/assets/{asset["id"]}", Body("updateAsset"));

        await Send(HttpMethod.Post, "/api/v1/keys", Body("createKey"), HttpStatusCode.Created);
        var webhook = await Send(HttpMethod.Post, "/api/v1/webhooks", Body("createWebhook"), HttpStatusCode.Created);
        await Send(HttpMethod.Put, $"/api/v1/webhooks/{webhook["id"]}", Body("replaceWebhook"));

        // A section front with the demo's story pinned, arranged again, and tomorrow's homepage.
        var front = await Send(HttpMethod.Post, "/api/v1/collections", Body("createCollection"), HttpStatusCode.Created);
        Assert.Equal("Presiden Akan Kunjungi Korea Utara Pekan Depan", (string?)front["items"]![0]!["title"]);
        await Send(HttpMethod.Put, $"/api/v1/collections/{front["slug"]}", Body("replaceCollection"));
        await Send(HttpMethod.Put, $"/api/v1/collections/utama/items/{writes["createCollection"]!["items"]![0]!["articleId"]}",
            Body("placeCollectionItem"));
        var tomorrow = await Send(HttpMethod.Post, "/api/v1/collections/utama/arrangements", Body("scheduleCollectionArrangement"),
            HttpStatusCode.Created);
        await Send(HttpMethod.Put, $"/api/v1/collections/utama/arrangements/{tomorrow["id"]}", Body("replaceCollectionArrangement"));
        var views = await factory.CreateAnonymousClient().Post("/api/v1/views", Body("recordViews"));
        Assert.Equal(HttpStatusCode.Accepted, views.StatusCode);

        // The invitation's example, then its password with the link's real token, then the sign-in's example.
        var person = await Send(HttpMethod.Post, "/api/v1/people", Body("invitePerson"), HttpStatusCode.Created);
        await Send(HttpMethod.Put, $"/api/v1/people/{person["id"]}", Body("updatePerson"));
        var password = writes["setPassword"]!.AsObject();
        password["token"] = (string)person["link"]!["token"]!;
        await (await factory.CreateAnonymousClient().Post($"/api/v1/people/{person["id"]}/password", password.ToJsonString()))
            .Expect(HttpStatusCode.NoContent);
        var browser = factory.CreateBrowserClient();
        var session = await (await browser.Post("/api/v1/session", Body("signIn"))).Expect(HttpStatusCode.OK);
        Assert.Equal("editor", (string?)session["person"]!["role"]);
        browser.DefaultRequestHeaders.Add("X-CSRF-Token", (string)session["csrfToken"]!);
        await (await browser.Put("/api/v1/session/password", Body("changePassword"), null)).Expect(HttpStatusCode.OK);
        // A passkey's example is the shape of a browser's credential; no ceremony asked for it, so it is refused.
        await (await browser.Post("/api/v1/session/passkeys", Body("addPasskey"))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "credential");
        await (await factory.CreateBrowserClient().Post("/api/v1/session/passkey", Body("signInWithPasskey")))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");

        // Every write with a body has an example, and this test sends it: a new one fails here until it does.
        Assert.Equal(
            ["addArticleCorrection", "addPasskey", "changePassword", "createArticle", "createAuthor", "createCollection", "createKey", "createTag", "createWebhook",
                "editLiveUpdate", "invitePerson", "placeCollectionItem", "postLiveUpdate", "publishArticle", "recordViews", "replaceArticle",
                "replaceAuthor", "replaceCollection", "replaceCollectionArrangement", "replaceTag", "replaceWebhook",
                "scheduleCollectionArrangement", "setPassword", "signIn", "signInWithPasskey", "updateArticle", "updateAsset", "updateAuthor", "updatePerson",
                "updateTag", "uploadAsset"],
            writes.Where(w => w.Value is not null).Select(w => w.Key).Order());
        Assert.All(writes.Where(w => w.Value is not null), w => Assert.NotEmpty(w.Value!));
    }

    [Fact]
    public async Task An_upload_with_its_text_fields_cleared_stores_none_of_them()
    {
        // Swagger UI sends a cleared field as an empty part ("Send empty value"): not given, so null, not "".
        var fields = new JsonObject { ["alt"] = "", ["caption"] = "", ["credit"] = " ", ["copyright"] = "", ["source"] = "", ["focalPoint"] = "" };
        var asset = await Upload(fields);
        Assert.All(new[] { "alt", "caption", "credit", "copyright", "source" }, f => Assert.Null((string?)asset[f]));
        Assert.Equal((0.5, 0.5), ((double)asset["focalPoint"]!["x"]!, (double)asset["focalPoint"]!["y"]!));

        // Blank is none in a patch too.
        var patched = await Send(HttpMethod.Patch, $"/api/v1/assets/{asset["id"]}", """{"alt": "Presiden", "credit": ""}""");
        Assert.Equal(("Presiden", null), ((string?)patched["alt"], (string?)patched["credit"]));
    }

    [Fact]
    public async Task Every_example_is_valid_against_its_own_schema_and_problems_show_their_own_code()
    {
        var document = await Document();
        var contract = new ResponseContract(document.ToJsonString());
        var problems = new List<string>();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            foreach (var example in schema!["examples"]?.AsArray() ?? [])
            {
                problems.AddRange(contract.CheckExample(new JsonObject { ["$ref"] = $"#/components/schemas/{name}" }, example!, name));
            }
        }
        var examples = document["components"]!["examples"]!.AsObject();
        Assert.NotEmpty(examples);
        foreach (var (name, example) in examples)
        {
            problems.AddRange(contract.CheckExample(new JsonObject { ["$ref"] = "#/components/schemas/ApiProblem" }, example!["value"]!, name));
            Assert.Equal(name, (string?)example["value"]!["code"]);
        }
        Assert.Empty(problems);

        // Each problem response names the example of its own status: a 401 says unauthorized, a 413 payload_too_large.
        var responses = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Where(o => o.Value?["responses"] is not null)
            .SelectMany(o => o.Value!["responses"]!.AsObject())
            .Where(r => r.Value?["content"]?["application/problem+json"] is not null).ToList();
        Assert.NotEmpty(responses);
        foreach (var (status, response) in responses)
        {
            var named = response!["content"]!["application/problem+json"]!["examples"]!.AsObject().Single().Key;
            Assert.Equal(int.Parse(status), (int)examples[named]!["value"]!["status"]!);
        }
        Assert.Equal("unauthorized", Named(responses, "401"));
        Assert.Equal("payload_too_large", Named(responses, "413"));
    }

    private static string Named(List<KeyValuePair<string, JsonNode?>> responses, string status) =>
        responses.Where(r => r.Key == status).Select(r => r.Value!["content"]!["application/problem+json"]!["examples"]!.AsObject().Single().Key)
            .Distinct().Single();

    private async Task<JsonNode> Upload(JsonObject fields)
    {
        using var image = (NetVips.Image.Black(640, 480, bands: 3) + new double[] { Random.Shared.Next(256), Random.Shared.Next(256), 90 })
            .Cast(NetVips.Enums.BandFormat.Uchar);
        using var pixels = image.Mutate(m => m.DrawRect([255, 255, 255], Random.Shared.Next(600), Random.Shared.Next(440), 16, 16, fill: true));
        var form = new MultipartFormDataContent { { new ByteArrayContent(pixels.JpegsaveBuffer()), "file", "putin.jpg" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent((string)value!), name);
        }
        return await (await _admin.PostAsync("/api/v1/assets", form)).Expect(HttpStatusCode.Created);
    }

    private async Task<JsonNode> Send(HttpMethod method, string url, string? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8,
                method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        }
        if (expected != HttpStatusCode.Created)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        }
        return await (await _admin.SendAsync(request)).Expect(expected);
    }
}

/// <summary>The app with the quick start's demo content, which the examples name.</summary>
public sealed class SqliteDemoFactory : SqliteCmsFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection([new("Database:SeedDemoContent", "true")]));
    }
}

public sealed class PostgresDemoFactory : PostgresCmsFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection([new("Database:SeedDemoContent", "true")]));
    }
}

public sealed class RequestExampleTestsOnSqlite(SqliteDemoFactory factory)
    : RequestExampleTests<SqliteDemoFactory>(factory), IClassFixture<SqliteDemoFactory>;

public sealed class RequestExampleTestsOnPostgres(PostgresDemoFactory factory)
    : RequestExampleTests<PostgresDemoFactory>(factory), IClassFixture<PostgresDemoFactory>;
