using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Keys;

/// <summary>What admins do in the app: authors and tags, people and keys, webhooks and their delivery logs.</summary>
public abstract partial class NewsroomAppTests
{
    [Fact]
    public async Task An_admin_invites_a_person_changes_roles_makes_a_key_reads_a_webhooks_log_and_edits_authors_and_tags()
    {
        var admin = await factory.CreatePersonAsync("admin");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await SignInAsync(browser, admin.Email);

            // Authors and tags.
            await page.GetByRole(AriaRole.Link, new() { Name = "Authors" }).ClickAsync();
            var name = Http.Unique("Rina Wulandari");
            await page.GetByLabel("Name").FillAsync(name);
            await page.GetByLabel("Job title").FillAsync("Wartawan politik");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" })).ToBeVisibleAsync();
            await AppBrowser.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Tags", Exact = true }).ClickAsync();
            var tag = Http.Unique("Pilpres");
            await page.GetByLabel("Name").FillAsync(tag);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Edit tag {tag}" }).ClickAsync();
            await page.GetByLabel("Description").FillAsync("Pemilihan presiden");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();
            var tags = await (await _admin.GetAsync("/api/v1/tags?pageSize=100")).Expect(HttpStatusCode.OK);
            Assert.Equal("Pemilihan presiden", (string?)tags["data"]!.AsArray().Single(t => (string?)t!["name"] == tag)!["description"]);

            // People: an invitation link to hand over, a role changed, an account disabled.
            await page.GetByRole(AriaRole.Link, new() { Name = "People and keys" }).ClickAsync();
            var email = $"{Guid.NewGuid():N}@example.com";
            await page.Locator("#invite-name").FillAsync("Budi Santoso");
            await page.Locator("#invite-email").FillAsync(email);
            await page.Locator("#invite-author").SelectOptionAsync(new SelectOptionValue { Label = name });
            await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("One-time link for Budi Santoso")).ToHaveValueAsync(new Regex("/admin/password"));
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Role of Budi Santoso" }).SelectOptionAsync("Editor");
            await page.GetByRole(AriaRole.Button, new() { Name = "Disable Budi Santoso" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable Budi Santoso" })).ToBeVisibleAsync();
            var people = await (await _admin.GetAsync("/api/v1/people?pageSize=100")).Expect(HttpStatusCode.OK);
            var budi = people["data"]!.AsArray().Single(p => (string?)p!["email"] == email)!;
            Assert.Equal(("editor", true), ((string?)budi["role"], budi["disabledAt"] is not null));

            // A key for a frontend: its secret shown once, and it works.
            await page.Locator("#key-name").FillAsync("Frontend web");
            await page.GetByRole(AriaRole.Button, new() { Name = "Make key" }).ClickAsync();
            var secret = await page.GetByLabel("The key's secret, shown this once:").InputValueAsync();
            await (await factory.CreateClient(secret).GetAsync("/api/v1/articles")).Expect(HttpStatusCode.OK);
            await AppBrowser.AssertAccessibleAsync(page);

            // A webhook, a test sent to it, and the delivery log of the attempt (the target refuses a POST: 405).
            await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
            var target = new Uri(((IAppServer)factory).Address, $"api/v1/site?hook={Guid.NewGuid():N}").ToString();
            await page.GetByLabel("URL").FillAsync(target);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("The signing secret, shown this once:")).ToHaveValueAsync(new Regex("^whsec_"));
            await page.GetByRole(AriaRole.Button, new() { Name = $"Send a test to {target}" }).ClickAsync();
            var hooks = await (await _admin.GetAsync("/api/v1/webhooks?pageSize=100")).Expect(HttpStatusCode.OK);
            var hook = (string)hooks["data"]!.AsArray().Single(h => (string?)h!["url"] == target)!["id"]!;
            await Waiting.UntilAsync(async () => (await (await _admin.GetAsync($"/api/v1/webhooks/{hook}/deliveries")).Expect(HttpStatusCode.OK))["data"]!
                .AsArray().Any(d => d!["log"]!.AsArray().Count > 0), "the test was never attempted");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Deliveries to {target}" }).ClickAsync();
            var log = page.GetByRole(AriaRole.Region, new() { Name = $"Deliveries to {target}" });
            await Assertions.Expect(log).ToContainTextAsync("webhook.ping");
            await Assertions.Expect(log).ToContainTextAsync("405");
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "webhooks");
        }
    }

    /// <summary>A photo no other test uploads (the library keeps one asset per content).</summary>
    private static byte[] UniquePhoto()
    {
        var color = Enumerable.Range(0, 3).Select(_ => (double)Random.Shared.Next(256)).ToArray();
        using var pixels = NetVips.Image.Black(800, 600, bands: 3) + color;
        using var image = pixels.Cast(NetVips.Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: 80);
    }
}
