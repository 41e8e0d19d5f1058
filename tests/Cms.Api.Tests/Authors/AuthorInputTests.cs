using System.Net;

namespace Cms.Api.Tests.Authors;

/// <summary>What the author endpoints answer to input they cannot use.</summary>
public abstract class AuthorInputTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Invalid_fields_answer_422_naming_each_field()
    {
        var response = await _client.Post("/api/v1/authors", new
        {
            name = "",
            slug = "Not A Slug",
            email = "not-an-email",
            avatarUrl = "javascript:alert(1)",
            websiteUrl = "/relative",
            socials = new Dictionary<string, string> { ["X Network"] = "@a" },
        });
        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed",
            "name", "slug", "email", "avatarUrl", "websiteUrl", "socials");
    }

    [Fact]
    public async Task Unknown_and_mistyped_properties_answer_400_naming_them()
    {
        await (await _client.Post("/api/v1/authors", new { name = "A", nmae = "typo" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "nmae");
        await (await _client.Post("/api/v1/authors", new { name = 42 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "name");
        await (await _client.Post("/api/v1/authors", "{\"name\": \"A\""))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed_json", "body");
        await (await _client.Post("/api/v1/authors", "[1, 2]"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed_json", "body");
    }

    [Fact]
    public async Task Wrong_content_type_answers_415_and_an_oversized_body_413()
    {
        await (await _client.Send(HttpMethod.Post, "/api/v1/authors", "{\"name\":\"A\"}", contentType: "text/plain"))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var huge = new { name = "A", bio = new string('x', 70_000) };
        await (await _client.Post("/api/v1/authors", huge))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    public async Task Bad_paging_parameters_answer_400_naming_the_parameter(string query, string parameter)
    {
        await (await _client.GetAsync($"/api/v1/authors?{query}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", parameter);
    }

    [Fact]
    public async Task Get_answers_404_for_an_unknown_author_and_400_for_an_id_that_is_no_uuid()
    {
        await (await _client.GetAsync($"/api/v1/authors/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync("/api/v1/authors/slug/nobody-here")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync("/api/v1/authors/not-a-uuid")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "id");
    }
}

public sealed class AuthorInputTestsOnSqlite(SqliteCmsFactory factory) : AuthorInputTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class AuthorInputTestsOnPostgres(PostgresCmsFactory factory) : AuthorInputTests(factory), IClassFixture<PostgresCmsFactory>;
