using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Site;

/// <summary>
/// docs/examples/story.html, the story page a frontend developer copies, opened in Chromium against the app: it shows
/// the seed's story as the news site does, from the API alone, so the example never rots and the API keeps giving a
/// frontend what it needs (absolute media, srcsets, the zone's name, related by slug, the byline's page).
/// </summary>
public abstract class StoryPageExampleTests(CmsFactory factory)
{
    private const string Web = "https://web.example.com"; // an origin the API allows (Cors:AllowedOrigins)
    private const string Api = "https://api.contoh.test";

    [Fact]
    public async Task The_example_story_page_shows_the_seed_story_as_the_site_does()
    {
        var editor = factory.CreateClient();
        var hani = await editor.CreateAuthor("Hani Fatunnisa");
        var tag = await editor.CreateTag("Rusia");
        var photo = await editor.UploadPhoto(1600, 1000, alt: "Vladimir Putin di Pyongyang", credit: "Net");
        var story = await editor.CreateArticle(new
        {
            kicker = "EKSKLUSIF", title = "Putin Tiba di Pyongyang", status = "published", publishedAt = "2024-06-19T05:04:00Z",
            body = $"PYONGYANG — Presiden Rusia tiba dini hari.\n\n![Putin](asset:{photo["id"]})\n\nKedua pemimpin bertemu.",
            featureImage = new { assetId = (string)photo["id"]!, caption = "Presiden Rusia, Vladimir Putin" },
            authors = new[] { new { authorId = (string)hani["id"]!, role = "reporter" } }, tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var older = await editor.CreateArticle(new
        {
            title = "Rusia dan Korea Utara Teken Kemitraan", status = "published", publishedAt = "2024-06-18T05:04:00Z",
            body = "Isi.", authors = new[] { new { authorId = (string)hani["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
        });

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            var failed = new List<string>();
            page.RequestFailed += (_, request) => failed.Add(request.Url);
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    failed.Add($"{response.Status} {response.Url}");
                }
            };
            await Browser.ServeAsync(page, factory.CreateAnonymousClient(), Web,
                new Dictionary<string, string> { ["/story.html"] = Path.Combine(Repository.Root, "docs", "examples", "story.html") });

            await page.GotoAsync($"{Web}/story.html?api={Api}&slug={story["slug"]}");
            await page.Locator("#story").WaitForAsync();

            Assert.Equal("EKSKLUSIF", await page.Locator(".kicker").TextContentAsync());
            Assert.Equal("Putin Tiba di Pyongyang", await page.Locator("h1").TextContentAsync());
            Assert.Equal("Putin Tiba di Pyongyang - Kantor Berita Contoh", await page.TitleAsync());
            Assert.Equal("LAPORAN: HANI FATUNNISA", (await page.Locator(".byline").TextContentAsync())?.Trim());
            Assert.Equal($"https://www.contoh.id/about/{hani["slug"]}", await page.Locator(".byline a").GetAttributeAsync("href"));
            Assert.Equal("Rabu, 19 Juni 2024, 12:04 WIB", await page.Locator(".dateline").TextContentAsync());
            Assert.Equal("Presiden Rusia, Vladimir Putin/Net", await page.Locator(".lead figcaption").TextContentAsync());

            // The lead photo and the body's photo are loaded from the API's media, at a width the srcset offers.
            foreach (var image in new[] { page.Locator(".lead img"), page.Locator(".body img") })
            {
                await image.ScrollIntoViewIfNeededAsync();
                Assert.True(await image.EvaluateAsync<bool>("""
                    img => img.complete ? img.naturalWidth > 0
                        : new Promise(done => { img.onload = () => done(img.naturalWidth > 0); img.onerror = () => done(false); })
                    """), "an image did not load");
                Assert.StartsWith($"{Api}/media/variants/", await image.EvaluateAsync<string>("img => img.currentSrc"));
            }
            Assert.Equal(["image/webp"], await page.Locator(".lead picture source").EvaluateAllAsync<string[]>("s => s.map(x => x.type)")); // then the jpg <img>

            Assert.Equal(["Rusia"], await page.Locator(".tags a").AllTextContentsAsync());
            Assert.Equal($"https://www.contoh.id/tag/{tag["slug"]}", await page.Locator(".tags a").GetAttributeAsync("href"));
            Assert.Equal(["Rusia dan Korea Utara Teken Kemitraan"], await page.Locator(".more li a").AllTextContentsAsync());
            Assert.Equal((string?)older["url"] ?? $"https://www.contoh.id/read/2024/06/18/{older["slug"]}",
                await page.Locator(".more li a").GetAttributeAsync("href"));
            Assert.True(await page.Locator("#error").IsHiddenAsync());
            Assert.Empty(failed);
        }
    }
}

public sealed class StoryPageExampleTestsOnSqlite(SqliteSiteFactory factory) : StoryPageExampleTests(factory), IClassFixture<SqliteSiteFactory>;

public sealed class StoryPageExampleTestsOnPostgres(PostgresSiteFactory factory) : StoryPageExampleTests(factory), IClassFixture<PostgresSiteFactory>;
