using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// The check every test's responses go through (<see cref="ResponseContract"/>) must catch a response the document
/// does not describe, and fail the request that got it.
/// </summary>
public sealed class ResponseContractTests(SqliteCmsFactory factory) : IClassFixture<SqliteCmsFactory>
{
    private const string Tag = "/api/v1/tags/0194f2c0-0000-7000-8000-000000000001";

    private static string TagBody(string extra = "", bool withName = true) =>
        "{\"id\":\"0194f2c0-0000-7000-8000-000000000001\",\"slug\":\"politik\"," + (withName ? "\"name\":\"Politik\"," : "")
        + "\"description\":null,\"createdAt\":\"2024-06-19T05:04:00Z\",\"updatedAt\":\"2024-06-19T05:04:00Z\"" + extra + "}";

    private async Task<ResponseContract> Contract() =>
        new(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));

    private static IHeaderDictionary Headers(bool etag = true)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        headers.ContentType = "application/json; charset=utf-8";
        if (etag)
        {
            headers.ETag = "\"1\"";
        }
        return headers;
    }

    [Fact]
    public async Task A_body_the_schema_describes_agrees_and_one_missing_a_field_or_with_an_unlisted_one_does_not()
    {
        var contract = await Contract();
        Assert.Empty(contract.Check("GET", Tag, QueryString.Empty, 200, Headers(), Encoding.UTF8.GetBytes(TagBody())));

        var missing = contract.Check("GET", Tag, QueryString.Empty, 200, Headers(), Encoding.UTF8.GetBytes(TagBody(withName: false)));
        Assert.Contains(missing, p => p.Contains("name", StringComparison.Ordinal));

        var unlisted = contract.Check("GET", Tag, QueryString.Empty, 200, Headers(),
            Encoding.UTF8.GetBytes(TagBody(",\"colour\":\"red\"")));
        Assert.Contains(unlisted, p => p.Contains("colour", StringComparison.Ordinal));

        var wrongType = contract.Check("GET", Tag, QueryString.Empty, 200, Headers(),
            Encoding.UTF8.GetBytes(TagBody().Replace("\"2024-06-19T05:04:00Z\"", "\"yesterday\"")));
        Assert.NotEmpty(wrongType);
    }

    [Fact]
    public async Task An_unlisted_status_media_type_or_a_missing_required_header_does_not_agree()
    {
        var contract = await Contract();
        var body = Encoding.UTF8.GetBytes(TagBody());
        Assert.Contains(contract.Check("GET", Tag, QueryString.Empty, 418, Headers(), body), p => p.Contains("418"));
        Assert.Contains(contract.Check("GET", Tag, QueryString.Empty, 200, Headers(etag: false), body), p => p.Contains("ETag"));
        var html = Headers();
        html.ContentType = "text/html";
        Assert.Contains(contract.Check("GET", Tag, QueryString.Empty, 200, html, body), p => p.Contains("text/html"));
        // Routes the document does not describe are not checked.
        Assert.Empty(contract.Check("GET", "/health", QueryString.Empty, 200, Headers(etag: false), body));
    }

    [Fact]
    public async Task A_response_that_disagrees_fails_the_test_that_made_the_request()
    {
        using var broken = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new DropETag())));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => broken.CreateClient().GetAsync("/api/v1/tags"));
        Assert.Contains("ETag", error.ToString(), StringComparison.Ordinal);

        var fine = await factory.CreateClient().GetAsync("/api/v1/tags");
        Assert.True(fine.IsSuccessStatusCode);
    }

    /// <summary>A fault inside the check: every response loses its ETag after the app has set it.</summary>
    private sealed class DropETag : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Remove("ETag");
                    return Task.CompletedTask;
                });
                await call(context);
                context.Response.Headers.Remove("ETag");
            });
            next(app);
        };
    }
}
