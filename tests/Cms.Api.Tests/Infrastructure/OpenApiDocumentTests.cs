using System.Net;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// openapi.yaml at the repository root is the published contract: it must be exactly what the app
/// serves. To regenerate it after an intended change: CMS_UPDATE_OPENAPI=1 dotnet test --filter OpenApi
/// </summary>
public sealed class OpenApiDocumentTests(SqliteCmsFactory factory) : IClassFixture<SqliteCmsFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task The_committed_openapi_yaml_is_the_document_the_app_serves()
    {
        var served = await (await factory.CreateClient().GetAsync("/openapi/v1.yaml")).Content.ReadAsStringAsync();
        var path = Path.Combine(Repository.Root, "openapi.yaml");
        if (Environment.GetEnvironmentVariable("CMS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.True(Normalize(committed) == Normalize(served),
            "openapi.yaml differs from the served document. If the change is intended, regenerate it: "
            + "CMS_UPDATE_OPENAPI=1 dotnet test --filter OpenApi");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_its_error_responses()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        var document = await response.Expect(HttpStatusCode.OK);
        Assert.StartsWith("3.1", (string)document["openapi"]!);

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(m => Methods.Contains(m.Key)).Select(m => (Path: path.Key, Operation: m.Value!)))
            .ToList();
        Assert.Equal(111, operations.Count);
        Assert.Equal(operations.Count, operations.Select(o => (string?)o.Operation["operationId"]).Distinct().Count());
        foreach (var (path, operation) in operations)
        {
            Assert.False(string.IsNullOrEmpty((string?)operation["operationId"]), path);
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]), path);
            var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.Contains(statuses, s => s.StartsWith('4'));
            Assert.Contains("500", statuses);
            var problem = operation["responses"]!["500"]!["content"]!["application/problem+json"];
            Assert.NotNull(problem);
        }
    }

    [Fact]
    public async Task Every_operation_that_can_answer_412_declares_if_match()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(m => Methods.Contains(m.Key)).Select(m => m.Value!))
            .Where(o => o["responses"]!.AsObject().ContainsKey("412"))
            .ToList();

        Assert.Contains(operations, o => (string?)o["operationId"] == "publishArticle");
        foreach (var operation in operations)
        {
            var parameters = operation["parameters"]?.AsArray() ?? [];
            Assert.True(parameters.Any(p => (string?)p!["name"] == "If-Match" && (string?)p["in"] == "header"),
                $"{operation["operationId"]} can answer 412 but does not declare If-Match");
        }
    }

    [Fact]
    public async Task A_field_left_out_when_null_is_optional_and_never_null()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var meta = document["components"]!["schemas"]!["PageMeta"]!;

        // count=false and cursors leave the totals out (PageMeta's JsonIgnore), so a typed client must not require them.
        Assert.Equal(["pageSize"], meta["required"]!.AsArray().Select(r => (string)r!));
        foreach (var name in new[] { "page", "totalItems", "totalPages", "nextCursor" })
        {
            Assert.DoesNotContain("null", meta["properties"]![name]!["type"]!.ToJsonString());
        }
    }

    [Theory]
    [InlineData("status", "draft,scheduled,published,archived")]
    [InlineData("tagMode", "any,all")]
    [InlineData("sort", "relevance,publishedAt,-publishedAt,createdAt,-createdAt,title,-title")]
    [InlineData("include", "body")]
    public async Task The_article_lists_parameters_with_a_fixed_set_of_values_are_enums(string name, string values)
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var parameter = document["paths"]!["/api/v1/articles"]!["get"]!["parameters"]!.AsArray()
            .Single(p => (string?)p!["name"] == name)!;

        Assert.Equal(values.Split(','), parameter["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task A_sync_items_resource_is_an_enum()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var resource = document["components"]!["schemas"]!["SyncItem"]!["properties"]!["resource"]!;

        Assert.Equal(["article", "author", "tag", "asset", "collection", "liveupdate"], resource["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd();

}
