using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// The newsroom app (/admin) in Chromium against the app under test served by Kestrel on a loopback port
/// (<see cref="IAppServer"/>): the browser talks to it as to any server, so uploads, the live stream and the
/// browser's own cache work as they do in production.
/// </summary>
public static class AppBrowser
{
    /// <summary>A browser context of its own (its own cookies and storage: one person) on the app's address.</summary>
    public static async Task<IPage> OpenAsync(IBrowser browser, IAppServer factory, string language = "en")
    {
        Assertions.SetDefaultExpectTimeout(60_000);
        // By name, not 127.0.0.1: a passkey's relying party is a domain, never an IP address.
        var address = new UriBuilder(factory.Address) { Host = "localhost" }.Uri;
        var context = await browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        // English, so names are the plain words tests and screen readers find; the app defaults to Indonesian.
        await context.AddInitScriptAsync($"localStorage.setItem('cms.language', '{language}')");
        // A context's first page downloads the app's Debug build and starts .NET in WebAssembly: seconds alone, much
        // longer on two shared cores with the rest of the suite running beside it.
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        // What went wrong inside the app shows in the test's output (answers the app expects, 401 and 404, do not).
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Console.WriteLine($"[browser] {m.Text}");
            }
        };
        return page;
    }

    /// <summary>People's failed sign-ins not limited; webhooks sent, as the delivery log screen shows them.</summary>
    public static readonly KeyValuePair<string, string?>[] Settings = [new("RateLimits:FailedKeys", "1000"), new("Webhooks:Dispatch", "true")];

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

/// <summary>The app served by Kestrel on a free loopback port, for a real browser (<see cref="AppBrowser"/>).</summary>
public interface IAppServer
{
    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/ (the browser asks for localhost).</summary>
    Uri Address { get; }
}

public sealed class AppSqliteFactory : SqliteCmsFactory, IAppServer
{
    public AppSqliteFactory() => UseKestrel(0);

    public Uri Address => ClientOptions.BaseAddress;

    public override Uri BrowserAddress => Address;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => AppBrowser.Settings;
}

public sealed class AppPostgresFactory : PostgresCmsFactory, IAppServer
{
    public AppPostgresFactory() => UseKestrel(0);

    public Uri Address => ClientOptions.BaseAddress;

    public override Uri BrowserAddress => Address;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => AppBrowser.Settings;
}
