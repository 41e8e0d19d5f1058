using System.Net;
using System.Text;
using System.Xml.Linq;
using Cms.Api.Import;

namespace Cms.Api.Tests.Import;

/// <summary>
/// A WordPress export the test writes (every mapping of docs/import.md in it) imported into the site: authors and
/// Co-Authors Plus bylines, categories and tags, posts by status, slugs, automatic paragraphs and [caption], lead
/// images, old addresses; a second run adds nothing; a file that is not WXR is refused before anything is written.
/// </summary>
public abstract class WordPressImportTests(CmsFactory factory)
{
    private readonly HttpClient _admin = factory.CreateClient();

    private static readonly XNamespace Wp = "http://wordpress.org/export/1.2/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Excerpt = "http://wordpress.org/export/1.2/excerpt/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    /// <summary>A WXR 1.2 file as WordPress writes one (Tools, Export), with this test's own unique names.</summary>
    public static string Export(string run, params XElement[] items) => new XDocument(new XElement("rss", new XAttribute("version", "2.0"),
        new XAttribute(XNamespace.Xmlns + "wp", Wp), new XAttribute(XNamespace.Xmlns + "content", Content),
        new XAttribute(XNamespace.Xmlns + "excerpt", Excerpt), new XAttribute(XNamespace.Xmlns + "dc", Dc),
        new XElement("channel",
            new XElement("title", "Kantor Berita"), new XElement("link", "https://berita.example.id"),
            new XElement(Wp + "wxr_version", "1.2"),
            new XElement(Wp + "author", new XElement(Wp + "author_login", $"dodo{run}"), new XElement(Wp + "author_email", "dodo@example.id"),
                new XElement(Wp + "author_display_name", new XCData("Dodo Mangunsong"))),
            new XElement(Wp + "author", new XElement(Wp + "author_login", $"rina{run}"), new XElement(Wp + "author_display_name", "Rina Wulandari")),
            new XElement(Wp + "category", new XElement(Wp + "category_nicename", $"berita{run}"), new XElement(Wp + "cat_name", new XCData("Berita"))),
            new XElement(Wp + "category", new XElement(Wp + "category_nicename", $"politik{run}"), new XElement(Wp + "category_parent", $"berita{run}"),
                new XElement(Wp + "cat_name", new XCData("Politik &amp; Pemerintahan"))),
            new XElement(Wp + "tag", new XElement(Wp + "tag_slug", $"pilpres{run}"), new XElement(Wp + "tag_name", new XCData("Pilpres 2024"))),
            new XElement(Wp + "term", new XElement(Wp + "term_taxonomy", "author"), new XElement(Wp + "term_slug", $"cap-tamu{run}"),
                new XElement(Wp + "term_name", $"tamu{run}")),
            items))).ToString();

    public static XElement Post(string id, string type, string status, string title, string name, string content = "Isi berita.",
        string? creator = null, DateTimeOffset? gmt = null, object[]? terms = null, object[]? meta = null, string? attachmentUrl = null,
        string? excerpt = null, bool sticky = false) =>
        new("item",
            new XElement("title", title), new XElement("link", $"https://berita.example.id/2024/06/19/{name}/"),
            new XElement(Dc + "creator", new XCData(creator ?? "")),
            new XElement(Content + "encoded", new XCData(content)), new XElement(Excerpt + "encoded", new XCData(excerpt ?? "")),
            new XElement(Wp + "post_id", id), new XElement(Wp + "post_date_gmt", (gmt ?? new DateTimeOffset(2024, 6, 19, 5, 4, 0, TimeSpan.Zero)).ToString("yyyy-MM-dd HH:mm:ss")),
            new XElement(Wp + "post_name", name), new XElement(Wp + "status", status), new XElement(Wp + "post_type", type),
            new XElement(Wp + "is_sticky", sticky ? "1" : "0"), attachmentUrl is null ? null : new XElement(Wp + "attachment_url", attachmentUrl),
            terms, meta);

    public static XElement Term(string domain, string nicename, string name) =>
        new("category", new XAttribute("domain", domain), new XAttribute("nicename", nicename), new XCData(name));

    public static XElement Meta(string key, string value) =>
        new(Wp + "postmeta", new XElement(Wp + "meta_key", key), new XElement(Wp + "meta_value", new XCData(value)));

    private async Task<ImportReport> ImportAsync(string xml, bool dryRun = false, string? uploads = null)
    {
        var import = new WordPressImport(factory.Services, TextWriter.Null) { DryRun = dryRun, Uploads = uploads };
        var bytes = Encoding.UTF8.GetBytes(xml);
        await import.RunAsync(() => new MemoryStream(bytes), CancellationToken.None);
        return import.Report;
    }

    [Fact]
    public async Task An_export_becomes_authors_tags_and_stories_with_their_bylines_bodies_and_old_addresses_and_a_second_run_adds_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        // A story of the site already has the slug one post wants: the post takes the next, as the API would.
        var taken = await _admin.CreateArticle(new { title = "Lama", slug = $"putin-tiba-{run}" });
        var xml = Export(run,
            Post("10", "attachment", "inherit", "putin.jpg", $"putin-jpg-{run}", attachmentUrl: "https://berita.example.id/wp-content/uploads/2024/06/putin.jpg",
                excerpt: "Presiden Rusia, Vladimir Putin/Net", meta: [Meta("_wp_attachment_image_alt", "Putin turun dari pesawat")]),
            Post("11", "post", "publish", "Putin Tiba di Pyongyang", $"putin-tiba-{run}", creator: $"dodo{run}",
                content: "Presiden Rusia tiba dini hari.\nDisambut Kim Jong Un.\n\n[caption id=\"attachment_10\" width=\"640\"]<img src=\"https://berita.example.id/wp-content/uploads/2024/06/putin.jpg\" alt=\"Putin\" /> Presiden Rusia, Vladimir Putin/Net[/caption]\n\n[gallery ids=\"1,2\"]\n\n<script>alert(1)</script>",
                terms: [Term("category", $"politik{run}", "Politik"), Term("post_tag", $"pilpres{run}", "Pilpres 2024")],
                meta: [Meta("_thumbnail_id", "10")]),
            Post("12", "post", "future", "Debat Capres Besok", $"debat-{run}", creator: $"rina{run}", gmt: new DateTimeOffset(2031, 6, 20, 1, 0, 0, TimeSpan.Zero)),
            Post("13", "post", "draft", "Draf Pemilu", $"draf-{run}", creator: $"rina{run}"),
            Post("20", "post", "pending", "Menunggu Editor", $"menunggu-{run}", creator: $"rina{run}"),
            Post("14", "post", "private", "Catatan Redaksi", $"catatan-{run}", creator: $"rina{run}"),
            Post("15", "post", "trash", "Salah Tayang", $"salah-{run}", creator: $"rina{run}"),
            Post("16", "post", "publish", "Liputan Bersama", $"bersama-{run}", creator: $"dodo{run}",
                terms: [Term("author", $"cap-tamu{run}", $"tamu{run}"), Term("author", $"rina{run}", $"rina{run}")]),
            Post("17", "guest-author", "publish", "Tamu", $"cap-tamu{run}", meta: [Meta("cap-display_name", "Koresponden Tamu"), Meta("cap-user_login", $"tamu{run}")]),
            Post("18", "page", "publish", "Tentang Kami", $"tentang-{run}"),
            Post("19", "post", "draft", new string('x', 400), $"panjang-{run}", creator: $"rina{run}"));

        var report = await ImportAsync(xml);
        Assert.Equal(1, report.Counts["pages (skipped)"]);
        Assert.Equal(2, report.Counts["posts published"]);
        Assert.Equal((1, 3, 1), (report.Counts["posts scheduled"], report.Counts["posts as drafts"], report.Counts["posts in the trash"]));
        Assert.Contains(report.Lines, l => l.StartsWith("post 11") && l.Contains($"slug putin-tiba-{run} is taken: putin-tiba-{run}-2"));
        Assert.Contains(report.Lines, l => l.StartsWith("post 11") && l.Contains("[gallery] kept as text"));
        Assert.True(report.Lines.Any(l => l.StartsWith("post 19") && l.Contains("not imported: title")), string.Join(" | ", report.Lines));

        // The published story: slug, byline, tags (a category's parent in its description), paragraphs, the caption as a
        // figure, no script, the lead image from the attachment with its alt and caption.
        var story = await (await _admin.GetAsync($"/api/v1/articles/slug/putin-tiba-{run}-2")).Expect(HttpStatusCode.OK);
        Assert.Equal(("published", new DateTimeOffset(2024, 6, 19, 5, 4, 0, TimeSpan.Zero)), ((string?)story["status"], (DateTimeOffset)story["publishedAt"]!));
        Assert.Equal("Dodo Mangunsong", (string?)story["authors"]![0]!["name"]);
        Assert.Equal(["Politik & Pemerintahan", "Pilpres 2024"], story["tags"]!.AsArray().Select(t => (string?)t!["name"]));
        var html = (string)story["bodyHtml"]!;
        Assert.Contains("<p>Presiden Rusia tiba dini hari.<br>\nDisambut Kim Jong Un.</p>", html.Replace("<br />", "<br>"));
        Assert.Contains("<figcaption>Presiden Rusia, Vladimir Putin/Net</figcaption>", html);
        Assert.Contains("[gallery ids=\"1,2\"]", html);
        Assert.DoesNotContain("<script", html);
        Assert.Equal(("https://berita.example.id/wp-content/uploads/2024/06/putin.jpg", "Putin turun dari pesawat", "Presiden Rusia, Vladimir Putin/Net"),
            ((string?)story["featureImage"]!["url"], (string?)story["featureImage"]!["alt"], (string?)story["featureImage"]!["caption"]));
        var politik = await (await _admin.GetAsync($"/api/v1/tags/slug/politik{run}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"berita{run}", (string?)politik["description"]);
        Assert.Equal((string?)taken["id"], (string?)(await (await _admin.GetAsync($"/api/v1/articles/slug/putin-tiba-{run}")).Expect(HttpStatusCode.OK))["id"]);

        // Scheduled, drafts, the trash; Co-Authors Plus's bylines in order with the guest's display name.
        var scheduled = await (await _admin.GetAsync($"/api/v1/articles/slug/debat-{run}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("scheduled", new DateTimeOffset(2031, 6, 20, 1, 0, 0, TimeSpan.Zero)), ((string?)scheduled["status"], (DateTimeOffset)scheduled["publishedAt"]!));
        Assert.Equal("draft", (string?)(await (await _admin.GetAsync($"/api/v1/articles/slug/catatan-{run}")).Expect(HttpStatusCode.OK))["status"]);
        Assert.Equal("draft", (string?)(await (await _admin.GetAsync($"/api/v1/articles/slug/menunggu-{run}")).Expect(HttpStatusCode.OK))["status"]);
        var trash = await (await _admin.GetAsync("/api/v1/articles/trash?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Contains(trash["data"]!.AsArray(), t => (string?)t!["slug"] == $"salah-{run}");
        var together = await (await _admin.GetAsync($"/api/v1/articles/slug/bersama-{run}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Koresponden Tamu", "Rina Wulandari"], together["authors"]!.AsArray().Select(a => (string?)a!["name"]));

        // The old addresses answer with the new ones: the permalink, and ?p=ID.
        var reader = factory.CreateAnonymousClient();
        var moved = await (await reader.GetAsync($"/api/v1/redirects?path=/2024/06/19/putin-tiba-{run}/")).Expect(HttpStatusCode.OK);
        Assert.Equal(($"/api/v1/articles/slug/putin-tiba-{run}-2", (string?)story["id"]), ((string?)moved["location"], (string?)moved["articleId"]));
        var byId = await (await reader.GetAsync("/api/v1/redirects?path=https://berita.example.id/?p=16")).Expect(HttpStatusCode.OK);
        Assert.Equal($"/api/v1/articles/slug/bersama-{run}", (string?)byId["location"]);
        // A draft's old address is not told to readers; an unknown one is a 404.
        await (await reader.GetAsync($"/api/v1/redirects?path=/2024/06/19/draf-{run}/")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await reader.GetAsync("/api/v1/redirects?path=/tidak/ada/")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await reader.GetAsync("/api/v1/redirects")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "path");

        // Again: nothing is added.
        var second = await ImportAsync(xml);
        Assert.False(second.Counts.Keys.Any(k => k is "posts published" or "posts scheduled" or "posts as drafts" or "posts in the trash" or "authors" or "tags"),
            string.Join(", ", second.Counts));
        Assert.Equal(7, second.Counts["posts already imported"]); // and post 19 refused again, as reported
    }

    [Fact]
    public async Task Photos_of_the_uploads_folder_go_into_the_library_as_lead_images_and_body_photos_and_missing_ones_are_reported()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var uploads = Directory.CreateTempSubdirectory("cms-tests-uploads-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(uploads, "2024", "06"));
            using (var pixels = NetVips.Image.Black(640, 480, bands: 3) + new double[] { Random.Shared.Next(256), 90, 30 })
            using (var photo = pixels.Cast(NetVips.Enums.BandFormat.Uchar))
            {
                await File.WriteAllBytesAsync(Path.Combine(uploads, "2024", "06", $"kim-{run}.jpg"), photo.JpegsaveBuffer());
            }
            const string site = "https://berita.example.id/wp-content/uploads/2024/06/";
            // The post comes first and its photos after it, as WordPress writes them (by id); one photo's file is missing.
            var xml = Export(run,
                Post("31", "post", "publish", "Kim Menyambut", $"kim-{run}", creator: $"dodo{run}", meta: [Meta("_thumbnail_id", "32")],
                    content: $"Kim menyambut di bandara.\n\n<img class=\"size-medium\" src=\"{site}kim-{run}-300x225.jpg\" alt=\"Kim\" />\n\n<img src=\"{site}hilang-{run}.jpg\" alt=\"Hilang\" />"),
                Post("32", "attachment", "inherit", "kim.jpg", $"kim-jpg-{run}", attachmentUrl: $"{site}kim-{run}.jpg", excerpt: "Kim Jong Un/Net",
                    meta: [Meta("_wp_attachment_image_alt", "Kim Jong Un di bandara")]),
                Post("33", "attachment", "inherit", "hilang.jpg", $"hilang-jpg-{run}", attachmentUrl: $"{site}hilang-{run}.jpg"));

            var report = await ImportAsync(xml, uploads: uploads);
            Assert.Equal(1, report.Counts["photos into the media library"]);
            Assert.Contains(report.Lines, l => l.StartsWith("attachment 33") && l.Contains("no such file"));

            var story = await (await _admin.GetAsync($"/api/v1/articles/slug/kim-{run}")).Expect(HttpStatusCode.OK);
            var asset = (string?)story["featureImage"]!["assetId"];
            Assert.NotNull(asset);
            var library = await (await _admin.GetAsync($"/api/v1/assets/{asset}")).Expect(HttpStatusCode.OK);
            Assert.Equal(("Kim Jong Un di bandara", "Kim Jong Un/Net", $"kim-{run}.jpg"), ((string?)library["alt"], (string?)library["caption"], (string?)library["filename"]));
            // The body's resized copy is the library's photo now; the missing one keeps its address.
            var html = (string)story["bodyHtml"]!;
            Assert.Contains($"data-asset-id=\"{asset}\"", html);
            Assert.Contains($"{site}hilang-{run}.jpg", html);
            var used = await (await _admin.GetAsync($"/api/v1/articles?asset={asset}")).Expect(HttpStatusCode.OK);
            Assert.Equal((string?)story["id"], (string?)Assert.Single(used["data"]!.AsArray())!["id"]);

            // Again: the photo is not taken twice.
            var again = await ImportAsync(xml, uploads: uploads);
            Assert.False(again.Counts.ContainsKey("photos into the media library"));
        }
        finally
        {
            Directory.Delete(uploads, recursive: true);
        }
    }

    [Fact]
    public async Task Sticky_posts_are_pinned_on_top_of_the_homepage_before_what_editors_chose_there()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var chosen = await _admin.PublishArticle(Http.Unique("Pilihan Redaksi"));
        await (await _admin.Post("/api/v1/collections", new { slug = "utama", name = "Utama", kind = "manual", capacity = 3,
            items = new[] { new { articleId = (string)chosen["id"]! } } })).Expect(HttpStatusCode.Created);
        var xml = Export(run,
            Post("41", "post", "publish", "Lama Tapi Penting", $"lama-{run}", creator: $"dodo{run}", sticky: true,
                gmt: new DateTimeOffset(2024, 6, 18, 1, 0, 0, TimeSpan.Zero)),
            Post("42", "post", "publish", "Terbaru Dan Penting", $"baru-{run}", creator: $"dodo{run}", sticky: true),
            Post("43", "post", "publish", "Biasa", $"biasa-{run}", creator: $"dodo{run}"));
        var report = await ImportAsync(xml);
        Assert.Equal(1, report.Counts["sticky posts pinned on utama"]);

        var homepage = await (await _admin.GetAsync("/api/v1/collections/utama")).Expect(HttpStatusCode.OK);
        var newest = await (await _admin.GetAsync($"/api/v1/articles/slug/baru-{run}")).Expect(HttpStatusCode.OK);
        var older = await (await _admin.GetAsync($"/api/v1/articles/slug/lama-{run}")).Expect(HttpStatusCode.OK);
        Assert.Equal([((string?)newest["id"], true), ((string?)older["id"], true), ((string?)chosen["id"], false)],
            homepage["chosen"]!.AsArray().Select(c => ((string?)c!["articleId"], (bool)c["pinned"]!)));

        // Again: pinned already, no new arrangement.
        Assert.False((await ImportAsync(xml)).Counts.ContainsKey("sticky posts pinned on utama"));
        var arrangements = await (await _admin.GetAsync("/api/v1/collections/utama/arrangements")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, arrangements["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Batches_go_in_one_after_another_and_one_the_database_refuses_goes_in_post_by_post_each_told_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var first = Random.Shared.Next(1_000_000, 900_000_000);
        XElement Story(int i) => Post($"{first + i}", "post", "publish", $"Berita {i}", $"berita-{i}-{run}", creator: $"dodo{run}",
            content: i == 250 ? "Foto: [gallery ids=\"1,2\"]" : $"Isi berita {i}.");
        // 450 posts: three batches, each mapped and made ready while the one before is written. Post 250 twice in the
        // second batch: the database refuses that batch (the id is taken), so it goes in post by post. A post of the third
        // wants the slug of one in the second, not committed yet when the third looks its slugs up.
        var items = Enumerable.Range(1, 450).Select(Story).ToList();
        items.Insert(300, Story(250));
        items.Insert(410, Post($"{first + 1000}", "post", "publish", "Berita lain", $"berita-350-{run}", creator: $"dodo{run}", content: "Isi lain."));

        var report = await ImportAsync(Export(run, [.. items]));

        Assert.Equal(451, report.Counts["posts published"]);
        Assert.Single(report.Lines, line => line.Contains($"slug berita-350-{run} is taken: berita-350-{run}-2"));
        Assert.Equal("Berita lain", (string?)(await (await _admin.GetAsync($"/api/v1/articles/slug/berita-350-{run}-2")).Expect(HttpStatusCode.OK))["title"]);
        Assert.Equal(1, report.Counts["posts already imported"]);
        Assert.Single(report.Lines, line => line.Contains("[gallery] kept as text"));
        foreach (var i in new[] { 1, 200, 201, 250, 399, 450 })
        {
            await (await _admin.GetAsync($"/api/v1/articles/slug/berita-{i}-{run}")).Expect(HttpStatusCode.OK);
        }
        await (await _admin.GetAsync($"/api/v1/articles/slug/berita-250-{run}-2")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_a_file_that_is_not_wxr_is_refused_before_anything_is_written()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var xml = Export(run, Post("21", "post", "publish", "Uji Coba", $"uji-{run}", creator: $"dodo{run}"));
        var dry = await ImportAsync(xml, dryRun: true);
        Assert.Equal(1, dry.Counts["posts published"]);
        await (await _admin.GetAsync($"/api/v1/articles/slug/uji-{run}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        await Assert.ThrowsAsync<NotWxrException>(() => ImportAsync("<html><body>Bukan ekspor</body></html>"));
        await Assert.ThrowsAsync<NotWxrException>(() => ImportAsync(
            "<rss version=\"2.0\"><channel><title>Feed</title><item><title>x</title></item></channel></rss>"));
        await Assert.ThrowsAsync<System.Xml.XmlException>(() => ImportAsync("<rss><channel>"));
    }
}

public sealed class WordPressImportTestsOnSqlite(SqliteCmsFactory factory) : WordPressImportTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class WordPressImportTestsOnPostgres(PostgresCmsFactory factory) : WordPressImportTests(factory), IClassFixture<PostgresCmsFactory>;
