using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Cms.Api.Articles;

namespace Cms.Api.Tests.Media;

/// <summary>Photos of the media library in an article's body: <c>![alt](asset:ID)</c> read as a responsive picture.</summary>
public abstract class BodyImageTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static IDocument Parse(JsonNode article) => new HtmlParser().ParseDocument((string)article["bodyHtml"]!);

    /// <summary>The asset's variants of one format that keep its ratio (those with no height in the preset), as srcset lists them.</summary>
    private static string Srcset(JsonNode asset, string format) => string.Join(", ", asset["variants"]!.AsArray()
        .Where(v => (string)v!["format"]! == format && ((string)v["preset"]!).StartsWith('w'))
        .Select(v => ((string)v!["url"]!, (int)v["width"]!)).DistinctBy(v => v.Item2).OrderBy(v => v.Item2)
        .Select(v => $"{v.Item1} {v.Item2}w"));

    [Fact]
    public async Task A_body_photo_reads_as_a_picture_with_its_variants_size_and_alt()
    {
        var asset = await _client.UploadPhoto(2400, 1600, alt: "Alt dari aset");
        var id = (string)asset["id"]!;
        var article = await _client.CreateArticle(new
        {
            body = $"Paragraf pertama.\n\n![Presiden menyapa warga](asset:{id.ToUpperInvariant()} \"Pyongyang\")\n\nLalu ![](asset:{id}) lagi.",
        });

        var pictures = Parse(article).QuerySelectorAll("picture");
        Assert.Equal(2, pictures.Length);
        foreach (var picture in pictures)
        {
            var source = picture.QuerySelector("source")!;
            var img = picture.QuerySelector("img")!;
            Assert.Equal(("image/webp", Srcset(asset, "webp")), (source.GetAttribute("type"), source.GetAttribute("srcset")));
            Assert.Equal(Srcset(asset, "jpg"), img.GetAttribute("srcset"));
            Assert.Equal("(max-width: 800px) 100vw, 800px", source.GetAttribute("sizes"));
            Assert.Equal(source.GetAttribute("sizes"), img.GetAttribute("sizes"));
            var widest = asset["variants"]!.AsArray().Where(v => (string)v!["format"]! == "jpg" && (string)v["preset"]! == "w1920").Single()!;
            Assert.Equal(((string?)widest["url"], $"{widest["width"]}", $"{widest["height"]}"),
                (img.GetAttribute("src"), img.GetAttribute("width"), img.GetAttribute("height")));
            Assert.Equal(("lazy", "async", id), (img.GetAttribute("loading"), img.GetAttribute("decoding"), img.GetAttribute("data-asset-id")));
        }
        var (first, second) = (pictures[0].QuerySelector("img")!, pictures[1].QuerySelector("img")!);
        Assert.Equal(("Presiden menyapa warga", "Pyongyang"), (first.GetAttribute("alt"), first.GetAttribute("title")));
        Assert.Equal(("Alt dari aset", false), (second.GetAttribute("alt"), second.HasAttribute("title")));

        // The same body wherever the article is read, and its URLs serve the picture.
        var bySlug = await (await _client.GetAsync($"/api/v1/articles/slug/{article["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)article["bodyHtml"], (string?)bySlug["bodyHtml"]);
        var variant = await _client.GetAsync(pictures[0].QuerySelector("source")!.GetAttribute("srcset")!.Split(' ')[0]);
        Assert.Equal((HttpStatusCode.OK, "image/webp"), (variant.StatusCode, variant.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task The_article_list_says_where_a_photo_is_used_as_lead_image_or_in_a_body()
    {
        var asset = await _client.UploadPhoto(1200, 800);
        var id = (string)asset["id"]!;
        var lead = await _client.CreateArticle(new { featureImage = new { assetId = id, caption = "Presiden Rusia, Vladimir Putin" } });
        var inBody = await _client.CreateArticle(new { body = $"Foto:\n\n![Warga](asset:{id})" });
        await _client.CreateArticle(new { body = "Tanpa foto." });

        var used = await (await _client.GetAsync($"/api/v1/articles?asset={id}&sort=title")).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { (string?)lead["id"], (string?)inBody["id"] }.Order(), used["data"]!.AsArray().Select(a => (string?)a!["id"]).Order());
        Assert.Equal(2, (int)used["meta"]!["totalItems"]!);
        var unused = await _client.UploadPhoto(640, 480);
        Assert.Empty((await (await _client.GetAsync($"/api/v1/articles?asset={unused["id"]}")).Expect(HttpStatusCode.OK))["data"]!.AsArray());
        await (await _client.GetAsync("/api/v1/articles?asset=not-an-id")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter");
    }

    [Fact]
    public async Task A_photo_smaller_than_the_presets_lists_each_width_once_and_search_reads_its_alt()
    {
        var asset = await _client.UploadPhoto(500, 300);
        var word = $"kata{Guid.NewGuid():N}"[..14];
        var article = await _client.CreateArticle(new { body = $"Teks.\n\n![Foto {word}](asset:{asset["id"]})" });

        var img = Parse(article).QuerySelector("picture img")!;
        Assert.Equal(Srcset(asset, "jpg"), img.GetAttribute("srcset"));
        Assert.Equal(2, img.GetAttribute("srcset")!.Split(", ").Length); // 320 and 500: the wider presets stop at 500
        Assert.Equal(("500", "300"), (img.GetAttribute("width"), img.GetAttribute("height")));

        var found = await (await _client.GetAsync($"/api/v1/articles?status=draft&q={word}")).Expect(HttpStatusCode.OK);
        Assert.Contains(word, (string?)found["data"]![0]!["highlight"]);
    }

    [Fact]
    public async Task Changing_the_asset_changes_the_bodies_that_show_it_and_their_etags()
    {
        var asset = await _client.UploadPhoto(1600, 1200, alt: "Lama");
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = $"![](asset:{asset["id"]})" });
        var article = await created.Expect(HttpStatusCode.Created);
        var before = Parse(article).QuerySelector("img")!;

        var changed = await (await _client.Patch($"/api/v1/assets/{asset["id"]}",
            new { alt = "Baru", focalPoint = new { x = 0.1, y = 0.9 } }, "*")).Expect(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/slug/{article["slug"]}");
        stale.Headers.TryAddWithoutValidation("If-None-Match", created.ETag());
        var after = Parse(await (await _client.SendAsync(stale)).Expect(HttpStatusCode.OK)).QuerySelector("img")!;
        Assert.Equal(("Lama", "Baru"), (before.GetAttribute("alt"), after.GetAttribute("alt")));
        Assert.NotEqual(before.GetAttribute("srcset"), after.GetAttribute("srcset"));
        Assert.Equal(Srcset(changed, "jpg"), after.GetAttribute("srcset"));
    }

    [Fact]
    public async Task A_shown_asset_cannot_be_deleted_and_an_unknown_one_is_422()
    {
        var asset = await _client.UploadPhoto(640, 480);
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = $"![x](asset:{asset["id"]})" });
        var article = await created.Expect(HttpStatusCode.Created);

        var inUse = await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).ExpectProblem(HttpStatusCode.Conflict, "asset_in_use");
        Assert.Equal((1, 0), ((int)inUse["articleCount"]!, (int)inUse["authorCount"]!));

        var unknown = Guid.NewGuid();
        var refused = await (await _client.Post("/api/v1/articles", new { title = "x", body = $"![x](asset:{asset["id"]}) ![y](asset:{unknown})" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "body");
        Assert.Contains(unknown.ToString(), refused["errors"]!["body"]![0]!.ToString());

        // Once no body shows it, it goes.
        await (await _client.Patch($"/api/v1/articles/{article["id"]}", new { body = "Tanpa foto." }, created.ETag())).Expect(HttpStatusCode.OK);
        await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Asset_urls_outside_an_image_src_and_hostile_attributes_are_dropped()
    {
        var asset = await _client.UploadPhoto(640, 480);
        var id = (string)asset["id"]!;
        var article = await _client.CreateArticle(new
        {
            body = $"[tautan](asset:{id})\n\n<img src=\"https://cdn.example.com/a.jpg\" srcset=\"asset:{id} 2x\" alt=\"luar\">\n\n"
                + $"<img class=\"besar\" onerror=\"alert(1)\" alt='\"&gt;&lt;script&gt;alert(2)&lt;/script&gt;' src=\"asset:{id}\">\n\n"
                + $"![\"><script>alert(3)</script>](asset:{id})",
        });

        var html = (string)article["bodyHtml"]!;
        var document = Parse(article);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Null(document.QuerySelector("a")!.GetAttribute("href"));
        var outside = document.QuerySelectorAll("img").Single(i => i.GetAttribute("alt") == "luar");
        Assert.Equal(("https://cdn.example.com/a.jpg", false), (outside.GetAttribute("src"), outside.HasAttribute("srcset")));

        var shown = document.QuerySelectorAll("picture img");
        Assert.Equal(2, shown.Length);
        Assert.All(shown, img => Assert.Equal(["alt", "data-asset-id", "decoding", "height", "loading", "sizes", "src", "srcset", "width"],
            img.Attributes.Select(a => a.Name).Order()));
        Assert.Equal("\"><script>alert(2)</script>", shown[0].GetAttribute("alt"));
        Assert.StartsWith("\">", shown[1].GetAttribute("alt"));
        Assert.DoesNotContain("onerror", html);
    }
}

/// <summary>What the stored body keeps of an asset image: a placeholder of one shape, whatever the writer wrote.</summary>
public sealed class BodyImagePlaceholderTests
{
    [Fact]
    public void Markdown_and_html_asset_images_are_stored_as_the_same_placeholder()
    {
        var id = Guid.CreateVersion7();
        var rendered = ContentRenderer.Render(
            $"![Foto & \"kutipan\"](asset:{id.ToString().ToUpperInvariant()} \"Judul\")\n\n<img width=\"9\" alt=\"b>c\" src=\"ASSET:{id}\" onload=\"x()\">"
            + $"\n\n![lain](asset:not-a-guid) ![dua](asset:{id})");

        Assert.Equal($"<p><img src=\"asset:{id}\" alt=\"Foto &amp; &quot;kutipan&quot;\" title=\"Judul\"></p>\n"
            + $"<img src=\"asset:{id}\" alt=\"b&gt;c\">\n<p><img alt=\"lain\"> <img src=\"asset:{id}\" alt=\"dua\"></p>\n", rendered.Html);
        Assert.Equal([id], rendered.AssetIds);
    }
}

public sealed class BodyImageTestsOnSqlite(SqliteCmsFactory factory) : BodyImageTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class BodyImageTestsOnPostgres(PostgresCmsFactory factory) : BodyImageTests(factory), IClassFixture<PostgresCmsFactory>;
