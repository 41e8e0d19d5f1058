using System.Text.Json.Nodes;
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
