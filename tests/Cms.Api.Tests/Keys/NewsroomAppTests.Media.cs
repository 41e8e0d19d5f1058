using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Keys;

/// <summary>Photos in the app: a lead photo uploaded in the story, the media library; with tags, revisions and the trash.</summary>
public abstract partial class NewsroomAppTests
{
    [Fact]
    public async Task A_story_gets_a_new_tag_an_uploaded_lead_photo_with_its_focal_point_goes_to_the_trash_and_back_and_a_revision_is_restored()
    {
        var author = await (await _admin.Post("/api/v1/authors", new { name = Http.Unique("Fotografer") })).Expect(HttpStatusCode.Created);
        var editor = await factory.CreatePersonAsync("editor", Guid.Parse((string)author["id"]!));
        var photo = Path.Combine(Path.GetTempPath(), $"cms-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(photo, UniquePhoto());
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await SignInAsync(browser, editor.Email);
            await page.GetByRole(AriaRole.Link, new() { Name = "New story" }).ClickAsync();
            var title = Http.Unique("Putin Tiba di Pyongyang");
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
            await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Presiden Rusia tiba dini hari.");
            // A tag nobody has made yet is made by typing its name.
            var tag = Http.Unique("Kunjungan Kenegaraan");
            await page.GetByLabel("Tag", new() { Exact = true }).FillAsync(tag);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Tags" })).ToContainTextAsync(tag);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/admin/stories/[0-9a-f-]{36}$"));
            var id = page.Url.Split('/')[^1];

            // The lead photo: uploaded in the story, captioned and credited for it, its focal point set by a click.
            await page.GetByLabel("Upload a photo").SetInputFilesAsync(photo);
            var lead = page.GetByRole(AriaRole.Group, new() { Name = "Lead image" });
            await Assertions.Expect(lead.GetByRole(AriaRole.Status)).ToHaveTextAsync("Uploaded");
            await page.GetByLabel("Caption").FillAsync("Presiden Rusia, Vladimir Putin");
            await page.GetByLabel("Credit").FillAsync("Net");
            await page.GetByLabel("Alt text").FillAsync("Putin turun dari pesawat");
            var focal = lead.Locator("button.focal");
            // Measured once the photo is in: its size settles the layout the click is placed in.
            await page.WaitForFunctionAsync("() => document.querySelector('button.focal img')?.naturalWidth > 0");
            var box = (await focal.BoundingBoxAsync())!;
            await focal.ClickAsync(new() { Position = new() { X = box.Width * 0.25f, Y = box.Height * 0.75f } });
            await Assertions.Expect(lead).ToContainTextAsync("Now at 25% across, 75% down.");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Saved ") })).ToBeVisibleAsync();
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "lead-image");
            var saved = await (await _admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal((tag, "Presiden Rusia, Vladimir Putin", "Net", "Putin turun dari pesawat"),
                ((string?)saved["tags"]![0]!["name"], (string?)saved["featureImage"]!["caption"], (string?)saved["featureImage"]!["credit"],
                    (string?)saved["featureImage"]!["alt"]));
            var asset = await (await _admin.GetAsync($"/api/v1/assets/{saved["featureImage"]!["assetId"]}")).Expect(HttpStatusCode.OK);
            Assert.Equal((0.25, 0.75), ((double)asset["focalPoint"]!["x"]!, (double)asset["focalPoint"]!["y"]!));

            // Revisions: what the second save changed, and the first put back (no lead image then).
            await page.GetByText("Revisions").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Changes in revision 2" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Changes in revision 2" })).ToContainTextAsync("Lead image");
            await AppBrowser.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Restore revision 1" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Lead image" }).Locator("button.focal")).ToHaveCountAsync(0);
            var restored = await (await _admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
            Assert.Null(restored["featureImage"]);
            Assert.Equal(tag, (string?)restored["tags"]![0]!["name"]);

            // To the trash and back from the desk's trash tab.
            await page.GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("status=trash$"));
            await page.GetByRole(AriaRole.Button, new() { Name = $"Restore {title}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = title })).ToHaveTextAsync($"{title} is restored.");
            await AppBrowser.AssertAccessibleAsync(page);
            await (await _admin.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK);
        }
        File.Delete(photo);
    }

    [Fact]
    public async Task Photos_dropped_on_the_media_library_upload_side_by_side_are_captioned_and_show_where_they_are_used()
    {
        var editor = await factory.CreatePersonAsync("editor");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await SignInAsync(browser, editor.Email);
            await page.GetByRole(AriaRole.Link, new() { Name = "Media library" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Media library" }).WaitForAsync();

            // Two photos dropped at once, as a photographer drags them from a folder.
            var names = new[] { $"{Guid.NewGuid():N}-pyongyang.jpg", $"{Guid.NewGuid():N}-bandara.jpg" };
            var files = names.Select(n => new { name = n, data = Convert.ToBase64String(UniquePhoto()) }).ToArray();
            var dropped = await page.EvaluateHandleAsync("""
                files => {
                  const dt = new DataTransfer();
                  for (const f of files) {
                    dt.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name, { type: 'image/jpeg' }));
                  }
                  return dt;
                }
                """, files);
            await page.DispatchEventAsync(".dropzone", "drop", new { dataTransfer = dropped });
            await Assertions.Expect(page.Locator(".uploads").GetByRole(AriaRole.Status).Filter(new() { HasText = "Uploaded" })).ToHaveCountAsync(2);
            var assets = new List<string>();
            foreach (var name in names)
            {
                var found = await (await _admin.GetAsync($"/api/v1/assets?q={name}")).Expect(HttpStatusCode.OK);
                assets.Add((string)found["data"]!.AsArray().Single()!["id"]!);
            }
            await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Photos" }).GetByRole(AriaRole.Button, new() { Name = $"Edit {names[0]}" }))
                .ToBeVisibleAsync();
            await AppBrowser.AssertAccessibleAsync(page);

            // A story shows the first; the library says so, and its caption, credit and focal point are edited there.
            var story = await _admin.CreateArticle(new { title = Http.Unique("Putin di Pyongyang"), featureImage = new { assetId = assets[0] } });
            await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {names[0]}" }).ClickAsync();
            var panel = page.GetByRole(AriaRole.Region, new() { Name = names[0] });
            await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { Name = (string)story["title"]! })).ToBeVisibleAsync();
            await panel.GetByLabel("Caption").FillAsync("Presiden Rusia, Vladimir Putin");
            await panel.GetByLabel("Credit").FillAsync("Net");
            await panel.Locator("button.focal").FocusAsync();
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(panel).ToContainTextAsync("Now at 60% across, 50% down.");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
            await AppBrowser.AssertAccessibleAsync(page);
            await AppBrowser.ScreenshotAsync(page, "media");
            var saved = await (await _admin.GetAsync($"/api/v1/assets/{assets[0]}")).Expect(HttpStatusCode.OK);
            Assert.Equal(("Presiden Rusia, Vladimir Putin", "Net", 0.6, 0.5), ((string?)saved["caption"], (string?)saved["credit"],
                (double)saved["focalPoint"]!["x"]!, (double)saved["focalPoint"]!["y"]!));

            // The second is used nowhere and can go; the first cannot while the story shows it.
            await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {names[1]}" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Not used in any story.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete photo" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Edit {names[1]}" })).ToHaveCountAsync(0);
            await (await _admin.GetAsync($"/api/v1/assets/{assets[1]}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        }
    }
}
