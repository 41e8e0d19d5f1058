using System.Net;

namespace Cms.Api.Tests.Infrastructure;

public abstract class ErrorTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task An_unknown_route_answers_404_problem()
    {
        var problem = await (await _client.GetAsync("/api/v1/artikel")).ExpectProblem(HttpStatusCode.NotFound, "route_not_found");
        Assert.Contains("/api/v1/artikel", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_wrong_method_answers_405_problem()
    {
        var response = await _client.Send(HttpMethod.Post, $"/api/v1/articles/{Guid.NewGuid()}", "{}");
        await response.ExpectProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("DELETE", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", null, 404, "route_not_found")]
    [InlineData("GET", "/api/v1/authors/not-a-uuid", null, 400, "invalid_parameter")]
    [InlineData("GET", "/api/v1/tags?pageSize=500", null, 400, "invalid_parameter")]
    [InlineData("POST", "/api/v1/tags", "{", 400, "malformed_json")]
    [InlineData("POST", "/api/v1/tags", "{\"name\":\"\"}", 422, "validation_failed")]
    public async Task Errors_are_problem_json_even_for_a_browser_asking_for_html(
        string method, string url, string? body, int status, string code)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);

        await response.ExpectProblem((HttpStatusCode)status, code);
    }

    [Fact]
    public async Task Health_endpoints_answer_when_the_database_is_there()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Browsers_on_an_allowed_origin_may_read_etag_and_location_and_send_if_match()
    {
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags");
        get.Headers.Add("Origin", "https://web.example.com");
        var response = await _client.SendAsync(get);
        Assert.Equal("https://web.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("ETag", exposed);
        Assert.Contains("Location", exposed);

        var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/articles/{Guid.NewGuid()}");
        preflight.Headers.Add("Origin", "https://web.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "if-match,content-type");
        var allowed = await _client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Contains("PUT", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Methods")));

        var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags");
        foreign.Headers.Add("Origin", "https://evil.example.net");
        Assert.False((await _client.SendAsync(foreign)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}

public sealed class ErrorTestsOnSqlite(SqliteCmsFactory factory) : ErrorTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ErrorTestsOnPostgres(PostgresCmsFactory factory) : ErrorTests(factory), IClassFixture<PostgresCmsFactory>;
