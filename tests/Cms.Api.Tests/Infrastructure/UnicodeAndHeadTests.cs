using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Text that is not valid Unicode is refused and nothing is stored; every GET route answers HEAD.</summary>
public abstract class UnicodeAndHeadTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> PostRaw(string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _client.PostAsync(url, content);
    }

    [Theory]
    [InlineData("/api/v1/tags", "{\"name\":\"Tag \\ud800\"}", "name")]
    [InlineData("/api/v1/authors", "{\"name\":\"Penulis\",\"slug\":\"a\\udc00b\"}", "slug")]
    [InlineData("/api/v1/articles", "{\"title\":\"Judul\",\"publishedAt\":\"2024-06-19T12:04:00\\ud800\"}", "publishedAt")]
    [InlineData("/api/v1/authors", "{\"name\":\"Penulis\",\"socials\":{\"x\":\"@\\udfff\"}}", "socials.x")]
    public async Task An_escaped_lone_surrogate_answers_400_naming_the_field_and_stores_nothing(string url, string json, string field)
    {
        var before = await Total(url);

        await (await PostRaw(url, Encoding.UTF8.GetBytes(json))).ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", field);

        Assert.Equal(before, await Total(url));
    }

    [Theory]
    [InlineData("/api/v1/tags", "{\"name\":\"a\",\"name\":\"b\"}", "name")]
    [InlineData("/api/v1/articles", "{\"title\":\"a\",\"language\":\"id\",\"title\":\"b\"}", "title")]
    [InlineData("/api/v1/authors", "{\"name\":\"Penulis\",\"socials\":{\"x\":\"@a\",\"x\":\"@b\"}}", "socials.x")]
    [InlineData("/api/v1/webhooks", "{\"url\":\"https://example.com/a\",\"url\":\"https://example.com/b\"}", "url")]
    public async Task A_property_given_twice_answers_400_naming_it_and_stores_nothing(string url, string json, string field)
    {
        var before = await Total(url);

        await (await PostRaw(url, Encoding.UTF8.GetBytes(json))).ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", field);

        Assert.Equal(before, await Total(url));
    }

    [Fact]
    public async Task A_patch_that_gives_a_property_twice_answers_400_and_changes_nothing()
    {
        var tag = await (await _client.PostAsJsonAsync("/api/v1/tags", new { name = Http.Unique("Ganda") })).Expect(HttpStatusCode.Created);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tags/{tag["id"]}")
        {
            Content = new ByteArrayContent("{\"name\":\"x\",\"name\":\"y\"}"u8.ToArray()),
        };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        patch.Headers.TryAddWithoutValidation("If-Match", "*");

        await (await _client.SendAsync(patch)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "name");

        var after = await (await _client.GetAsync($"/api/v1/tags/{tag["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(tag["name"]!.ToString(), after["name"]!.ToString());
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_answer_400_and_are_never_replaced()
    {
        var before = await Total("/api/v1/tags");
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"name\":\"Caf"), 0xE9, .. Encoding.UTF8.GetBytes("\"}")];

        await (await PostRaw("/api/v1/tags", body)).ExpectProblem(HttpStatusCode.BadRequest, "malformed_json", "body");

        Assert.Equal(before, await Total("/api/v1/tags"));
    }

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/authors")]
    [InlineData("/api/v1/tags")]
    [InlineData("/api/v1/sync")]
    public async Task HEAD_answers_as_GET_does_without_a_body(string url)
    {
        var reader = factory.CreateAnonymousClient();
        var get = await reader.GetAsync(url);
        var head = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_of_one_article_honours_If_None_Match_and_answers_404_for_none()
    {
        var article = await _client.PublishArticle(Http.Unique("Kepala Saja"));
        var url = $"/api/v1/articles/slug/{article["slug"]}";
        var reader = factory.CreateAnonymousClient();
        var head = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        var conditional = new HttpRequestMessage(HttpMethod.Head, url);
        conditional.Headers.IfNoneMatch.Add(head.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(conditional)).StatusCode);
        var missing = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/articles/slug/tidak-ada-sama-sekali"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<int> Total(string url) =>
        (int)(await (await _client.GetAsync($"{url}?pageSize=1")).Expect(HttpStatusCode.OK))["meta"]!["totalItems"]!;
}

public sealed class UnicodeAndHeadTestsOnSqlite(SqliteCmsFactory factory) : UnicodeAndHeadTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class UnicodeAndHeadTestsOnPostgres(PostgresCmsFactory factory) : UnicodeAndHeadTests(factory), IClassFixture<PostgresCmsFactory>;
