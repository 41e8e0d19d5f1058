using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Fixtures;

/// <summary>Small helpers so tests read as requests and the contract they expect.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string url,
        object? body = null, string? ifMatch = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body, Json);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object body) =>
        client.Send(HttpMethod.Post, url, body);

    public static Task<HttpResponseMessage> Put(this HttpClient client, string url, object body, string? ifMatch) =>
        client.Send(HttpMethod.Put, url, body, ifMatch);

    public static Task<HttpResponseMessage> Patch(this HttpClient client, string url, object body, string? ifMatch,
        string contentType = "application/merge-patch+json") =>
        client.Send(HttpMethod.Patch, url, body, ifMatch, contentType);

    public static async Task<JsonNode> Body(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new Xunit.Sdk.XunitException("The response has no ETag.");

    /// <summary>
    /// Asserts the whole error contract: status, problem+json, the stable code, a traceId,
    /// nothing from inside the server, and exactly the named fields in <c>errors</c>.
    /// </summary>
    public static async Task<JsonNode> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status,
        string code, params string[] errorKeys)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Contains(code, Cms.Api.Infrastructure.ErrorCodes.All); // the codes openapi.yaml lists
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("   at ", text);
        if (errorKeys.Length > 0)
        {
            var keys = problem["errors"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal);
            Assert.Equal(errorKeys.OrderBy(k => k, StringComparer.Ordinal), keys);
        }
        return problem;
    }

    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..10]}";
}
