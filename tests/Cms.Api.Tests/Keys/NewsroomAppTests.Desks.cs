using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Keys;

/// <summary>The homepage arranged, and live coverage posted and followed.</summary>
public abstract partial class NewsroomAppTests
{
    [Fact]
    public async Task An_editor_arranges_the_homepage_by_dragging_pins_a_story_applies_it_and_schedules_the_next_order_in_wib()
    {
        var editor = await factory.CreatePersonAsync("editor");
        var stories = new List<JsonNode>();
        foreach (var title in new[] { "Putin Tiba", "Kim Menyambut", "Rusia dan Korea", "Harga Beras Naik" })
        {
            stories.Add(await _admin.PublishArticle(Http.Unique(title)));
        }
        var (a, b, c, d) = (stories[0], stories[1], stories[2], stories[3]);
        var slug = $"utama-{Guid.NewGuid():N}"[..20];
        await (await _admin.Post("/api/v1/collections", new
        {
            slug, name = "Utama", kind = "manual", capacity = 3,
            items = new[] { new { articleId = a["id"] }, new { articleId = b["id"] }, new { articleId = c["id"] } },
        })).Expect(HttpStatusCode.Created);
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await SignInAsync(browser, editor.Email);
            await page.GetByRole(AriaRole.Link, new() { Name = "Collections" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Utama" }).First.ClickAsync();
            await page.WaitForURLAsync(new Regex($"/admin/collections/{slug}$"), new() { WaitUntil = WaitUntilState.Commit });
            var order = page.GetByRole(AriaRole.List, new() { Name = "Order" });
            await Assertions.Expect(order.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);

            // The third story dragged to the top and pinned there; a fourth found and added on top of it all.
            await order.GetByRole(AriaRole.Listitem).Filter(new() { HasText = (string)c["title"]! })
                .DragToAsync(order.GetByRole(AriaRole.Listitem).Filter(new() { HasText = (string)a["title"]! }));
            await Assertions.Expect(order.GetByRole(AriaRole.Listitem).First).ToContainTextAsync((string)c["title"]!);
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Pin {c["title"]}" }).CheckAsync();
            await page.GetByLabel("Find a story to add").FillAsync((string)d["title"]!);
            await page.GetByLabel("Find a story to add").PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Add {d["title"]}" }).ClickAsync();
            // With the keyboard: the added story goes below the pinned one.
            await page.GetByRole(AriaRole.Button, new() { Name = $"Move {d["title"]} down" }).ClickAsync();
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "collection");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply this order now" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The order is in effect.");
            var applied = await (await _admin.GetAsync($"/api/v1/collections/{slug}")).Expect(HttpStatusCode.OK);
            Assert.Equal(new[] { ((string?)c["id"], true), ((string?)d["id"], false), ((string?)a["id"], false), ((string?)b["id"], false) },
                applied["chosen"]!.AsArray().Select(x => ((string?)x!["articleId"], (bool)x["pinned"]!)));
            Assert.Equal(new[] { (string?)c["id"], (string?)d["id"], (string?)a["id"] }, applied["items"]!.AsArray().Select(x => (string?)x!["id"]));

            // Tomorrow morning's order, scheduled in WIB: 20 June 2031, 06:00 at +07:00 is 23:00 UTC the day before.
            await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {a["title"]}" }).ClickAsync();
            await page.GetByLabel("Or from (WIB)").FillAsync("2031-06-20T06:00");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule this order" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The order takes effect Friday, 20 June 2031, 06:00 WIB.");
            var arrangements = await (await _admin.GetAsync($"/api/v1/collections/{slug}/arrangements")).Expect(HttpStatusCode.OK);
            var next = arrangements["data"]!.AsArray().Single(x => (string?)x!["state"] == "upcoming")!;
            Assert.Equal(new DateTimeOffset(2031, 6, 19, 23, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)next["effectiveAt"]!));
            Assert.Equal(new[] { (string?)c["id"], (string?)d["id"], (string?)b["id"] }, next["items"]!.AsArray().Select(x => (string?)x!["articleId"]));
            Assert.Equal(editor.Name, (string?)next["madeByKeyName"]);
        }
    }

    [Fact]
    public async Task A_live_update_posted_on_the_console_arrives_pinned_and_edited_on_another_page_that_listens()
    {
        var editor = await factory.CreatePersonAsync("editor");
        var colleague = await factory.CreatePersonAsync("writer");
        var story = await _admin.PublishArticle(Http.Unique("Kunjungan Putin, Live"));
        var id = (string)story["id"]!;
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var desk = await SignInAsync(browser, editor.Email);
            await desk.GotoAsync($"/admin/stories/{id}");
            await desk.GetByRole(AriaRole.Link, new() { Name = "Live coverage" }).ClickAsync();
            await desk.GetByRole(AriaRole.Button, new() { Name = "Start live coverage" }).ClickAsync();
            await Assertions.Expect(desk.GetByRole(AriaRole.Status).Filter(new() { HasText = "live" })).ToHaveTextAsync("live");

            // Another page follows the stream, as a reader's does; it is never reloaded below.
            var reader = await SignInAsync(browser, colleague.Email);
            await reader.GotoAsync($"/admin/stories/{id}/live");
            await Assertions.Expect(reader.GetByRole(AriaRole.Status).Filter(new() { HasText = "live" })).ToHaveTextAsync("live");
            var seen = reader.GetByRole(AriaRole.List, new() { Name = "What readers see" });

            await desk.GetByLabel("Headline").FillAsync("Putin tiba di Jakarta");
            await desk.GetByLabel("Update", new() { Exact = true }).FillAsync("Pesawat mendarat di Halim pukul **12.04 WIB**.");
            await desk.GetByLabel("Update", new() { Exact = true }).PressAsync("Control+Enter");
            var update = seen.GetByRole(AriaRole.Listitem, new() { Name = "Putin tiba di Jakarta" });
            await Assertions.Expect(update).ToContainTextAsync("Pesawat mendarat di Halim pukul 12.04 WIB.");
            await Assertions.Expect(update.Locator("strong").First).ToHaveTextAsync("12.04 WIB");

            await desk.GetByRole(AriaRole.Button, new() { Name = "Pin Putin tiba di Jakarta" }).ClickAsync();
            await Assertions.Expect(update).ToContainTextAsync("Pinned");
            await desk.GetByRole(AriaRole.Button, new() { Name = "Edit Putin tiba di Jakarta" }).ClickAsync();
            await desk.GetByLabel("Update (editing)").FillAsync("Pesawat mendarat di Halim pukul 12.05 WIB.");
            await desk.GetByRole(AriaRole.Button, new() { Name = "Save update" }).ClickAsync();
            await Assertions.Expect(update).ToContainTextAsync("edited");
            await Assertions.Expect(update).ToContainTextAsync("12.05 WIB");
            await AppBrowser.AssertAccessibleAsync(desk);
            await AppBrowser.ScreenshotAsync(desk, "live");

            var updates = await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/{id}/updates")).Expect(HttpStatusCode.OK);
            var only = updates["items"]!.AsArray().Single()!;
            Assert.Equal(("Putin tiba di Jakarta", true, "Pesawat mendarat di Halim pukul 12.05 WIB."),
                ((string?)only["headline"], (bool)only["pinned"]!, (string?)only["body"]));
        }
    }
}
