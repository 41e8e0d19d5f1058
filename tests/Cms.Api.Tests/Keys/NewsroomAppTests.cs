using System.Text.Json.Nodes;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Keys;

/// <summary>
/// The newsroom app (/admin) end to end in Chromium, as reporters and editors use it: invitation, sign-in, passwords and
/// passkeys, the desk, writing a story with a byline, autosave, a 412 resolved without loss, the edit lock another person
/// sees, publishing and scheduling in WIB; photos (.Media), the homepage and live coverage (.Desks), admins' screens
/// (.Admin). axe finds no serious or critical violation on any screen.
/// </summary>
public abstract partial class NewsroomAppTests(CmsFactory factory)
{
    private readonly HttpClient _admin = factory.CreateClient();

    [Fact]
    public async Task An_invited_reporter_sets_a_password_signs_in_and_sees_the_desk()
    {
        var author = await (await _admin.Post("/api/v1/authors", new { name = Http.Unique("Dewi Lestari") })).Expect(HttpStatusCode.Created);
        var email = $"{Guid.NewGuid():N}@example.com";
        var invited = await (await _admin.Post("/api/v1/people", new { email, name = "Dewi Lestari", role = "editor", authorId = author["id"] }))
            .Expect(HttpStatusCode.Created);
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await AppBrowser.OpenAsync(browser, (IAppServer)factory);
            // The link's own origin is the API's; the browser opens it on the app's.
            var link = new Uri((string)invited["link"]!["url"]!);
            await page.GotoAsync($"{link.PathAndQuery}{link.Fragment}");
            await page.GetByLabel("New password").FillAsync(People.Password);
            await AppBrowser.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save password" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Password saved" }).WaitForAsync();

            await page.GotoAsync("/admin/signin");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(People.Password);
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "signin");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

            await page.GetByRole(AriaRole.Heading, new() { Name = "Desk" }).WaitForAsync();
            await Assertions.Expect(page.GetByText("Dewi Lestari (editor)")).ToBeVisibleAsync();
            await AppBrowser.AssertAccessibleAsync(page);

            // Their own password, changed from their account; the new one signs in.
            await page.GetByRole(AriaRole.Link, new() { Name = "Dewi Lestari (editor)" }).ClickAsync();
            await page.GetByLabel("Current password").FillAsync(People.Password);
            await page.GetByLabel("New password").FillAsync("kuda benar baterai staples");
            await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed. Your other sessions have ended.");
            await AppBrowser.AssertAccessibleAsync(page);
            await factory.SignInAsync(email, "kuda benar baterai staples");

            // A passkey (Chromium's virtual authenticator stands for the laptop's), then signing in with it alone.
            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("WebAuthn.enable");
            await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
            {
                ["options"] = new { protocol = "ctap2", transport = "internal", hasResidentKey = true, hasUserVerification = true, isUserVerified = true },
            });
            await page.GetByLabel("Passkey name").FillAsync("Laptop redaksi");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Passkey" })).ToHaveTextAsync("Passkey Laptop redaksi added.");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey Laptop redaksi" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Desk" }).WaitForAsync();
            await Assertions.Expect(page.GetByText("Dewi Lestari (editor)")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task A_story_is_written_autosaved_kept_through_a_conflict_locked_for_others_published_and_scheduled_in_wib()
    {
        var author = await (await _admin.Post("/api/v1/authors", new { name = Http.Unique("Dewi") })).Expect(HttpStatusCode.Created);
        var reporter = await factory.CreatePersonAsync("editor", Guid.Parse((string)author["id"]!));
        var colleague = await factory.CreatePersonAsync("writer");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await SignInAsync(browser, reporter.Email);
            await page.GetByRole(AriaRole.Link, new() { Name = "New story" }).ClickAsync();
            var title = Http.Unique("Presiden Akan Kunjungi Korea Utara");
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
            Assert.Equal(Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-"), await page.GetByLabel("Slug").InputValueAsync());
            await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Presiden dijadwalkan **tiba** pekan depan.");
            // The reporter's own byline is there from the start.
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Authors" })).ToContainTextAsync((string)author["name"]!);
            await AppBrowser.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/admin/stories/[0-9a-f-]{36}$"));
            var id = page.Url.Split('/')[^1];
            await Assertions.Expect(page.Locator(".preview strong")).ToHaveTextAsync("tiba");

            // Autosave: a change to a draft is saved on its own.
            await page.GetByLabel("Subtitle").FillAsync("Kunjungan kenegaraan pertama");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Saved ") })).ToBeVisibleAsync();
            var saved = await (await _admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal("Kunjungan kenegaraan pertama", (string?)saved["subtitle"]);
            Assert.Equal((string)author["id"]!, (string?)saved["authors"]![0]!["id"]);
            await AppBrowser.ScreenshotAsync(page, "editor");

            // Another desk saves the excerpt meanwhile; the reporter's next autosave meets 412 and keeps both.
            await (await _admin.Patch($"/api/v1/articles/{id}", new { excerpt = "Ringkasan dari meja lain" }, "*")).Expect(HttpStatusCode.OK);
            await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Presiden dijadwalkan tiba Selasa pekan depan.");
            var conflict = page.GetByRole(AriaRole.Region, new() { Name = "Someone else saved this story first" });
            await conflict.WaitForAsync();
            await Assertions.Expect(conflict).ToContainTextAsync("Ringkasan dari meja lain");
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "conflict");
            await page.GetByRole(AriaRole.Button, new() { Name = "Keep my version" }).ClickAsync();
            await Assertions.Expect(conflict).ToBeHiddenAsync();
            var merged = await (await _admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal(("Presiden dijadwalkan tiba Selasa pekan depan.", "Ringkasan dari meja lain", "Kunjungan kenegaraan pertama"),
                ((string?)merged["body"], (string?)merged["excerpt"], (string?)merged["subtitle"]));

            // The reporter holds the story's lock (taken on open, taken back after each save), and a second person opening
            // the story sees who holds it.
            var held = await (await _admin.GetAsync($"/api/v1/articles/{id}/lock")).Expect(HttpStatusCode.OK);
            Assert.Equal(reporter.Name, (string?)held["keyName"]);
            var other = await SignInAsync(browser, colleague.Email);
            await other.GotoAsync($"/admin/stories/{id}");
            await Assertions.Expect(other.GetByRole(AriaRole.Status).Filter(new() { HasText = "is editing this story" }))
                .ToContainTextAsync(reporter.Name);
            // Their desk says who is editing it, from one read of every lock.
            await other.GetByRole(AriaRole.Link, new() { Name = "Desk" }).ClickAsync();
            await Assertions.Expect(other.GetByRole(AriaRole.Row).Filter(new() { HasText = title })).ToContainTextAsync($"{reporter.Name} is editing");

            // Publish: the public API shows it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Status: Published")).ToBeVisibleAsync();
            var slug = (string)merged["slug"]!;
            await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/slug/{slug}")).Expect(HttpStatusCode.OK);

            // Scheduled in WIB: 19 June 2031, 12:04 at +07:00 is 05:04 UTC.
            await page.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Status: Draft")).ToBeVisibleAsync();
            await page.GetByLabel("Publish at (WIB)").FillAsync("2031-06-19T12:04");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Status: Scheduled")).ToBeVisibleAsync();
            var scheduled = await (await _admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal(new DateTimeOffset(2031, 6, 19, 5, 4, 0, TimeSpan.Zero), (DateTimeOffset)scheduled["publishedAt"]!);
            await page.GetByRole(AriaRole.Link, new() { Name = "Desk" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Scheduled" }).ClickAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
            await Assertions.Expect(row).ToContainTextAsync("Thursday, 19 June 2031, 12:04 WIB");
            await AppBrowser.ScreenshotAsync(page, "desk");
        }
    }

    [Fact]
    public async Task A_reporter_on_a_phone_signs_in_and_files_a_draft_with_the_keyboard_alone()
    {
        var author = await (await _admin.Post("/api/v1/authors", new { name = Http.Unique("Koresponden") })).Expect(HttpStatusCode.Created);
        var reporter = await factory.CreatePersonAsync("writer", Guid.Parse((string)author["id"]!));
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await AppBrowser.OpenAsync(browser, (IAppServer)factory);
            await page.SetViewportSizeAsync(360, 740);
            await page.GotoAsync("/admin/signin");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the newsroom" }).WaitForAsync();
            // Keys only: Tab through the header to the first field.
            await TabToAsync(page, "email");
            await page.Keyboard.TypeAsync(reporter.Email);
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync(People.Password);
            await page.Keyboard.PressAsync("Enter");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Desk" }).WaitForAsync();
            await AssertFitsAsync(page);

            await page.GotoAsync("/admin/stories/new");
            await page.GetByRole(AriaRole.Heading, new() { Name = "New story" }).WaitForAsync();
            var title = Http.Unique("Banjir di Jakarta Utara");
            await TabToAsync(page, "title");
            await page.Keyboard.TypeAsync(title);
            foreach (var _ in Enumerable.Range(0, 4))
            {
                await page.Keyboard.PressAsync("Tab");
            }
            await page.Keyboard.TypeAsync("Air setinggi lutut merendam permukiman.");
            Assert.Equal("body", await page.EvaluateAsync<string>("document.activeElement.id"));
            foreach (var _ in Enumerable.Range(0, 4))
            {
                await page.Keyboard.PressAsync("Shift+Tab");
            }
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(new Regex("/admin/stories/[0-9a-f-]{36}$"));
            await AssertFitsAsync(page);
            await AppBrowser.AssertAccessibleAsync(page);
            var saved = await (await _admin.GetAsync($"/api/v1/articles/{page.Url.Split('/')[^1]}")).Expect(HttpStatusCode.OK);
            Assert.Equal((title, "draft", (string)author["id"]!), ((string?)saved["title"], (string?)saved["status"], (string?)saved["authors"]![0]!["id"]));
        }
    }

    /// <summary>Presses Tab until the field with this id has the focus, as a person on a keyboard does.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var i = 0; i < 12 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != id; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal(id, await page.EvaluateAsync<string>("document.activeElement?.id ?? ''"));
    }

    /// <summary>Nothing wider than the screen: no sideways scrolling at 360 px.</summary>
    private static async Task AssertFitsAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width} px");

    private async Task<IPage> SignInAsync(IBrowser browser, string email)
    {
        var page = await AppBrowser.OpenAsync(browser, (IAppServer)factory);
        await page.GotoAsync("/admin/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(People.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Desk" }).WaitForAsync();
        return page;
    }
}

public sealed class NewsroomAppTestsOnSqlite(AppSqliteFactory factory) : NewsroomAppTests(factory), IClassFixture<AppSqliteFactory>;

public sealed class NewsroomAppTestsOnPostgres(AppPostgresFactory factory) : NewsroomAppTests(factory), IClassFixture<AppPostgresFactory>;
