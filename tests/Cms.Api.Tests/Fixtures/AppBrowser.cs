using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// The newsroom app (/admin) in Chromium against the app under test in process: every request of the page to
/// <see cref="Origin"/> goes to the API with all its headers (cookies, CSRF token, If-Match) and comes back with all of
/// its own (Set-Cookie among them), so the browser keeps the session exactly as it would over the network.
/// </summary>
public static class AppBrowser
{
    public const string Origin = "https://cms.test";

    /// <summary>A browser context of its own (its own cookies and storage: one person), its page routed to the API.</summary>
    public static async Task<IPage> OpenAsync(IBrowser browser, CmsFactory factory, string language = "en")
    {
        // A context's first page downloads the app's Debug build (tens of MB through Playwright's route) and starts .NET in
        // WebAssembly: seconds alone, much longer on two shared cores with the rest of the suite running beside it.
        Assertions.SetDefaultExpectTimeout(60_000);
        var context = await browser.NewContextAsync(new() { BaseURL = Origin, ViewportSize = new() { Width = 1280, Height = 900 } });
        // English, so names are the plain words tests and screen readers find; the app defaults to Indonesian.
        await context.AddInitScriptAsync($"localStorage.setItem('cms.language', '{language}')");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(Origin), HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        await page.RouteAsync($"{Origin}/**", route => ForwardAsync(route, client));
        return page;
    }

    private static async Task ForwardAsync(IRoute route, HttpClient app)
    {
        var request = route.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.PostDataBuffer is { } body)
        {
            message.Content = new ByteArrayContent(body);
        }
        foreach (var (name, value) in await request.AllHeadersAsync())
        {
            if (name.StartsWith(':') || name is "host" or "content-length")
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await app.SendAsync(message);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ? "\n" : ", ", h.Value));
        await route.FulfillAsync(new() { Status = (int)response.StatusCode, Headers = headers, BodyBytes = await response.Content.ReadAsByteArrayAsync() });
    }

    /// <summary>No serious or critical accessibility violation on the page as it is now (axe-core).</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join("; ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    /// <summary>With CMS_UPDATE_SCREENSHOTS=1, saves the page to docs/app/NAME.png (docs/app.md shows them).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CMS_UPDATE_SCREENSHOTS") == "1")
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Root, "docs", "app", $"{name}.png"), FullPage = true });
        }
    }
}
