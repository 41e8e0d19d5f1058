using Microsoft.Playwright;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// A real Chromium (Debian's chromium package; CMS_TEST_CHROMIUM names another) driven by Playwright, whose own browser
/// download is not used. Each page's requests to the given origins are answered by the app under test in process, so
/// the page, the API and its media are real HTTP to the browser with no port opened.
/// </summary>
public static class Browser
{
    private static string Executable() =>
        Environment.GetEnvironmentVariable("CMS_TEST_CHROMIUM") is { Length: > 0 } path ? path
        : new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("No Chromium: apt-get install -y chromium (or set CMS_TEST_CHROMIUM).");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable(), Args = ["--no-sandbox"] });
        return (playwright, browser);
    }

    /// <summary>Answers the page's requests: <paramref name="files"/> by path on <paramref name="site"/>, the rest from the app.</summary>
    public static Task ServeAsync(IPage page, HttpClient app, string site, IReadOnlyDictionary<string, string> files) =>
        page.RouteAsync("**/*", async route =>
        {
            var request = route.Request;
            var url = new Uri(request.Url);
            if (url.GetLeftPart(UriPartial.Authority) == site)
            {
                await (files.TryGetValue(url.AbsolutePath, out var file)
                    ? route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = await File.ReadAllTextAsync(file) })
                    : route.FulfillAsync(new() { Status = 404 }));
                return;
            }
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
            foreach (var (name, value) in request.Headers.Where(h => h.Key is "origin" or "accept" or "if-none-match"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
            if (request.PostDataBuffer is { } body)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.Headers.GetValueOrDefault("content-type"));
            }
            using var response = await app.SendAsync(message);
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value));
            await route.FulfillAsync(new() { Status = (int)response.StatusCode, Headers = headers, BodyBytes = await response.Content.ReadAsByteArrayAsync() });
        });
}
