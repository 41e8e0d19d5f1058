using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Keys;

/// <summary>
/// The newsroom app (/admin) end to end in Chromium, as reporters and editors use it: invitation, sign-in, the desk,
/// writing a story with a byline, autosave, a 412 resolved without loss, the edit lock another person sees,
/// publishing and scheduling in WIB; axe finds no serious or critical violation on any screen.
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
            var page = await AppBrowser.OpenAsync(browser, factory);
            // The link's own origin is the API's; the browser opens it on the app's.
            var link = new Uri((string)invited["link"]!["url"]!);
            await page.GotoAsync($"{AppBrowser.Origin}{link.PathAndQuery}{link.Fragment}");
            await page.GetByLabel("New password").FillAsync(People.Password);
            await AppBrowser.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save password" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Password saved" }).WaitForAsync();

            await page.GotoAsync("/admin/signin");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(People.Password);
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "signin");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await page.GetByRole(AriaRole.Heading, new() { Name = "Desk" }).WaitForAsync();
            await Assertions.Expect(page.GetByText("Dewi Lestari (editor)")).ToBeVisibleAsync();
            await AppBrowser.AssertAccessibleAsync(page);
        }
    }
}

public sealed class NewsroomAppTestsOnSqlite(PeopleSqliteFactory factory) : NewsroomAppTests(factory), IClassFixture<PeopleSqliteFactory>;

public sealed class NewsroomAppTestsOnPostgres(PeoplePostgresFactory factory) : NewsroomAppTests(factory), IClassFixture<PeoplePostgresFactory>;
