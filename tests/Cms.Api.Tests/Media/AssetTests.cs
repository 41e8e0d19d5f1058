using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace Cms.Api.Tests.Media;

/// <summary>The media library through HTTP: SQLite with the folder store, PostgreSQL with the S3 store.</summary>
public abstract class AssetTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static MultipartFormDataContent Form(byte[]? file, string filename = "IMG_2024.jpg",
        params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // what a client says counts for nothing
            form.Add(part, "file", filename);
        }
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    /// <summary>
    /// A photo no other test uploads: the phone photo with its own pixels. A random shade alone is not enough (JPEG
    /// quantizes near shades to the same bytes, and uploads of the same bytes are one asset): a white square at one of
    /// some 1.6 million places makes it unique.
    /// </summary>
    private static byte[] UniquePhoto()
    {
        using var pixels = Image.Black(1600, 1200, bands: 3) + new double[] { Random.Shared.Next(256), Random.Shared.Next(256), 40 };
        using var photo = pixels.Cast(Enums.BandFormat.Uchar).Mutate(m =>
        {
            m.DrawRect([255, 255, 255], Random.Shared.Next(1568), Random.Shared.Next(1168), 32, 32, fill: true);
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "6/1 10/1 30/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "S");
        });
        return photo.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.All);
    }

    private async Task<(JsonNode Asset, HttpResponseMessage Response)> UploadAsync(byte[] file, params (string, string)[] fields)
    {
        var response = await _client.PostAsync("/api/v1/assets", Form(file, "IMG_2024.jpg", fields));
        return (await response.Expect(HttpStatusCode.Created), response);
    }

    [Fact]
    public async Task A_phone_photo_is_stored_upright_without_gps_and_served_immutable()
    {
        var upload = UniquePhoto();
        var (asset, response) = await UploadAsync(upload, ("alt", "Presiden Rusia di Pyongyang"),
            ("credit", "Presiden Rusia, Vladimir Putin/Net"), ("focalPoint", "0.3,0.4"));

        Assert.Equal($"/api/v1/assets/{asset["id"]}", response.Headers.Location?.ToString());
        Assert.Equal(("image/jpeg", 1200, 1600), ((string)asset["contentType"]!, (int)asset["width"]!, (int)asset["height"]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(upload)), (string?)asset["sha256"]);
        Assert.Equal("IMG_2024.jpg", (string?)asset["filename"]);
        Assert.Equal("Presiden Rusia, Vladimir Putin/Net", (string?)asset["credit"]);
        Assert.Equal((0.3, 0.4), ((double)asset["focalPoint"]!["x"]!, (double)asset["focalPoint"]!["y"]!));

        var url = (string)asset["url"]!;
        var original = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", original.Headers.CacheControl?.ToString());
        var bytes = await original.Content.ReadAsByteArrayAsync();
        Assert.Equal((long)asset["bytes"]!, bytes.Length);
        using (var served = Image.NewFromBuffer(bytes))
        {
            Assert.Equal((1200, 1600), (served.Width, served.Height));
            Assert.DoesNotContain(served.GetFields(), f => f.StartsWith("exif", StringComparison.Ordinal));
        }

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(original.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
        var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(0, 9);
        var partial = await _client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[..10], await partial.Content.ReadAsByteArrayAsync());
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal((HttpStatusCode.OK, 0), (head.StatusCode, (await head.Content.ReadAsByteArrayAsync()).Length));

        // Readers see the asset, not who uploaded it.
        var read = await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/assets/{asset["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Null(read["createdByKeyId"]);
        Assert.Equal(url, (string?)read["url"]);
    }

    [Fact]
    public async Task The_same_bytes_again_return_the_asset_already_there()
    {
        var upload = UniquePhoto();
        var (first, _) = await UploadAsync(upload);
        var second = await _client.PostAsync("/api/v1/assets", Form(upload, "copy.jpg"));
        var existing = await second.Expect(HttpStatusCode.OK);
        Assert.Equal((string?)first["id"], (string?)existing["id"]);
        Assert.Equal("IMG_2024.jpg", (string?)existing["filename"]);
    }

    [Fact]
    public async Task An_agency_photos_credit_fills_what_the_uploader_left_out()
    {
        var (fromPhoto, _) = await UploadAsync(ImageIntakeTests.AgencyPhoto());
        Assert.Equal(("ANTARA FOTO", "© 2024 ANTARA"), ((string?)fromPhoto["credit"], (string?)fromPhoto["copyright"]));
        var (given, _) = await UploadAsync(ImageIntakeTests.AgencyPhoto(), ("credit", "Dok. Istana"));
        Assert.Equal(("Dok. Istana", "© 2024 ANTARA"), ((string?)given["credit"], (string?)given["copyright"]));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_at_once_make_one_asset()
    {
        var upload = UniquePhoto();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _client.PostAsync("/api/v1/assets", Form(upload))));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var ids = await Task.WhenAll(responses.Select(async r => (string?)(await r.Body())["id"]));
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task Bad_uploads_get_clear_problems_and_store_nothing()
    {
        var before = await Count();
        var photo = UniquePhoto();
        await (await _client.PostAsync("/api/v1/assets", Form("<svg onload=alert(1)>"u8.ToArray(), "photo.jpg")))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await _client.PostAsync("/api/v1/assets", Form(photo[..(photo.Length / 2)])))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "invalid_image", "file");
        await (await _client.PostAsync("/api/v1/assets", Form(null, fields: ("alt", "no file"))))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "file");
        await (await _client.PostAsync("/api/v1/assets", Form(photo, fields: ("colour", "red"))))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "colour");
        await (await _client.PostAsync("/api/v1/assets", Form(photo, fields: ("focalPoint", "middle"))))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "focalPoint");
        await (await _client.PostAsync("/api/v1/assets", Form(photo, fields: ("focalPoint", "2,0.5"))))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "focalPoint.x");
        await (await _client.Post("/api/v1/assets", new { alt = "json is not an upload" }))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var cut = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nno closing boundary");
        cut.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        await (await _client.PostAsync("/api/v1/assets", cut)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "request");
        var huge = new byte[25 * 1024 * 1024 + 1];
        photo.CopyTo(huge, 0);
        await (await _client.PostAsync("/api/v1/assets", Form(huge)))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(before, await Count());
    }

    private async Task<int> Count() =>
        (int)(await (await _client.GetAsync("/api/v1/assets?pageSize=1")).Expect(HttpStatusCode.OK))["meta"]!["totalItems"]!;

    [Fact]
    public async Task Only_writers_and_above_upload()
    {
        var reader = factory.CreateClient(await factory.CreateKey("reader"));
        await (await reader.PostAsync("/api/v1/assets", Form(UniquePhoto()))).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await factory.CreateAnonymousClient().PostAsync("/api/v1/assets", Form(UniquePhoto())))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        await (await writer.PostAsync("/api/v1/assets", Form(UniquePhoto()))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Metadata_is_patched_with_if_match_and_a_delete_removes_the_asset_and_its_file()
    {
        var (asset, response) = await UploadAsync(UniquePhoto(), ("caption", "Lama"));
        var url = $"/api/v1/assets/{asset["id"]}";

        var patched = await _client.Patch(url, new { caption = "Presiden tiba di Pyongyang", focalPoint = new { y = 0.2 } }, response.ETag());
        var body = await patched.Expect(HttpStatusCode.OK);
        Assert.Equal("Presiden tiba di Pyongyang", (string?)body["caption"]);
        Assert.Equal((0.5, 0.2), ((double)body["focalPoint"]!["x"]!, (double)body["focalPoint"]!["y"]!));
        await (await _client.Patch(url, new { caption = "stale" }, response.ETag()))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        await (await _client.Patch(url, new { caption = "no etag" }, null))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");

        await (await _client.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);
        await (await _client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync((string)asset["url"]!)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_list_is_newest_first_and_filters_by_type_text_and_time()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var (older, _) = await UploadAsync(UniquePhoto(), ("caption", $"Sidang {marker}"));
        using var png = (Image.Black(30, 20, bands: 3) + Random.Shared.Next(256)).Cast(Enums.BandFormat.Uchar);
        var (newer, _) = await UploadAsync(png.PngsaveBuffer(), ("alt", $"Grafik {marker.ToUpperInvariant()}"));

        var found = await (await _client.GetAsync($"/api/v1/assets?q={marker}")).Expect(HttpStatusCode.OK);
        Assert.Equal([(string?)newer["id"], (string?)older["id"]], found["data"]!.AsArray().Select(a => (string?)a!["id"]));
        var pngs = await (await _client.GetAsync($"/api/v1/assets?q={marker}&type=image/png")).Expect(HttpStatusCode.OK);
        Assert.Equal([(string?)newer["id"]], pngs["data"]!.AsArray().Select(a => (string?)a!["id"]));
        var later = await (await _client.GetAsync($"/api/v1/assets?q={marker}&uploadedAfter=2999-01-01")).Expect(HttpStatusCode.OK);
        Assert.Empty(later["data"]!.AsArray());
        await (await _client.GetAsync("/api/v1/assets?type=image/bmp")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "type");
        await (await _client.GetAsync("/api/v1/assets?uploadedAfter=yesterday"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "uploadedAfter");
    }

    [Fact]
    public async Task An_upload_and_a_delete_appear_in_sync()
    {
        var start = (string)(await (await _client.GetAsync("/api/v1/sync?limit=500")).Expect(HttpStatusCode.OK))["meta"]!["nextToken"]!;
        var (asset, _) = await UploadAsync(UniquePhoto());
        var changes = await (await _client.GetAsync($"/api/v1/sync?since={Uri.EscapeDataString(start)}")).Expect(HttpStatusCode.OK);
        var item = changes["data"]!.AsArray().Single(i => (string?)i!["id"] == (string?)asset["id"])!;
        Assert.Equal(("asset", false), ((string?)item["resource"], (bool)item["deleted"]!));
        Assert.Equal((string?)asset["url"], (string?)item["asset"]!["url"]);

        await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).Expect(HttpStatusCode.NoContent);
        var after = await (await _client.GetAsync($"/api/v1/sync?since={Uri.EscapeDataString(start)}")).Expect(HttpStatusCode.OK);
        Assert.True((bool)after["data"]!.AsArray().Single(i => (string?)i!["id"] == (string?)asset["id"])!["deleted"]!);
    }
}

/// <summary>Variants: listed with every asset, made on first request, once, and cropped around the focal point.</summary>
public abstract class VariantTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>
    /// 2000x1000, near black on the left half and white on the right, unlike any other upload: a random shade alone is
    /// not enough (JPEG quantizes near shades to the same bytes, and the same bytes upload as the existing asset, 200
    /// not 201), so a small grey square sits at one of some 970,000 places of the dark half.
    /// </summary>
    private async Task<JsonNode> UploadHalvesAsync(string focalPoint)
    {
        using var left = Image.Black(1000, 1000, bands: 3) + new double[] { Random.Shared.Next(30), Random.Shared.Next(30), Random.Shared.Next(30) };
        using var right = Image.Black(1000, 1000, bands: 3) + 255;
        using var halves = left.Join(right, Enums.Direction.Horizontal).Cast(Enums.BandFormat.Uchar);
        using var joined = halves.Mutate(m => m.DrawRect([128, 128, 128], Random.Shared.Next(984), Random.Shared.Next(984), 16, 16, fill: true));
        var form = new MultipartFormDataContent { { new ByteArrayContent(joined.JpegsaveBuffer(q: 90)), "file", "halves.jpg" } };
        form.Add(new StringContent(focalPoint), "focalPoint");
        return await (await _client.PostAsync("/api/v1/assets", form)).Expect(HttpStatusCode.Created);
    }

    private static JsonNode Variant(JsonNode asset, string preset, string format) =>
        asset["variants"]!.AsArray().Single(v => (string?)v!["preset"] == preset && (string?)v["format"] == format)!;

    private Cms.Api.Media.Variants Maker => factory.Services.GetRequiredService<Cms.Api.Media.Variants>();

    [Fact]
    public async Task Every_preset_is_listed_in_each_format_with_its_size_and_served_at_that_size()
    {
        var asset = await UploadHalvesAsync("0.5,0.5");
        Assert.Equal(14, asset["variants"]!.AsArray().Count); // 7 presets x WebP and JPEG
        var w640 = Variant(asset, "w640", "webp");
        Assert.Equal((640, 320), ((int)w640["width"]!, (int)w640["height"]!));
        Assert.Equal((1920, 960), ((int)Variant(asset, "w1920", "jpg")["width"]!, (int)Variant(asset, "w1920", "jpg")["height"]!));
        Assert.Equal((1000, 1000), ((int)Variant(asset, "1x1", "jpg")["width"]!, (int)Variant(asset, "1x1", "jpg")["height"]!)); // never larger than the original allows

        var response = await _client.GetAsync((string)w640["url"]!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        using var served = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((640, 320), (served.Width, served.Height));
    }

    [Fact]
    public async Task A_variant_is_made_once_however_many_ask_at_once_and_then_comes_from_the_store()
    {
        var asset = await UploadHalvesAsync("0.5,0.5");
        var url = (string)Variant(asset, "w1280", "jpg")["url"]!;
        var before = Maker.Made;
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.GetAsync(url)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));
        Assert.Single(bodies.Select(Convert.ToBase64String).Distinct());
        Assert.Equal(before + 1, Maker.Made);

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url)).StatusCode);
        Assert.Equal(before + 1, Maker.Made);
    }

    [Fact]
    public async Task Crops_centre_on_the_focal_point_and_a_new_focal_point_gives_new_urls()
    {
        var asset = await UploadHalvesAsync("0.9,0.5");
        var square = (string)Variant(asset, "1x1", "jpg")["url"]!;
        Assert.True(await BrightnessAsync(square) > 200, "the crop should sit on the white right half");

        var patched = await (await _client.Patch($"/api/v1/assets/{asset["id"]}", new { focalPoint = new { x = 0.1 } }, "*"))
            .Expect(HttpStatusCode.OK);
        var moved = (string)Variant(patched, "1x1", "jpg")["url"]!;
        Assert.NotEqual(square, moved);
        Assert.True(await BrightnessAsync(moved) < 60, "the crop should sit on the black left half");
        Assert.True(await BrightnessAsync(square) > 200, "a URL already made keeps its pixels");
    }

    private async Task<double> BrightnessAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        return image.Avg();
    }

    [Fact]
    public async Task Deleting_an_asset_takes_its_variants_with_it()
    {
        var asset = await UploadHalvesAsync("0.5,0.5");
        var url = (string)Variant(asset, "w320", "webp")["url"]!;
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url)).StatusCode); // made and stored
        await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).Expect(HttpStatusCode.NoContent);
        await (await _client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Only_the_current_variants_exist_no_size_in_a_url_is_free()
    {
        var asset = await UploadHalvesAsync("0.5,0.5");
        var url = (string)Variant(asset, "w320", "webp")["url"]!;
        var before = Maker.Made;
        foreach (var wrong in new[]
        {
            url.Replace("/w320-", "/w321-"), url.Replace(".webp", ".png"), url[..^12] + "0000000000.webp",
            url.Replace("/variants/", "/variant/"), "/media/variants/ab/../../originals/x.jpg",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(wrong)).StatusCode);
        }
        Assert.Equal(before, Maker.Made);
    }
}

/// <summary>An asset as an article's lead image: what the article shows, and what follows when the asset changes.</summary>
public abstract class LeadImageTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<JsonNode> UploadAsync(string alt, string credit) => _client.UploadPhoto(2400, 1600, alt, credit);

    [Fact]
    public async Task An_article_leads_with_an_asset_its_size_variants_and_the_assets_alt_and_credit()
    {
        var asset = await UploadAsync("Vladimir Putin di Pyongyang", "Presiden Rusia, Vladimir Putin/Net");
        var article = await _client.CreateArticle(new { featureImage = new { assetId = (string)asset["id"]!, caption = "Putin tiba." } });

        var image = article["featureImage"]!;
        Assert.Equal((string?)asset["url"], (string?)image["url"]);
        Assert.Equal((string?)asset["id"], (string?)image["assetId"]);
        Assert.Equal((2400, 1600), ((int)image["width"]!, (int)image["height"]!));
        Assert.Equal(("Vladimir Putin di Pyongyang", "Presiden Rusia, Vladimir Putin/Net", "Putin tiba."),
            ((string?)image["alt"], (string?)image["credit"], (string?)image["caption"]));
        Assert.Equal(asset["variants"]!.ToJsonString(), image["variants"]!.ToJsonString());

        foreach (var url in new[] { $"/api/v1/articles/{article["id"]}", $"/api/v1/articles/slug/{article["slug"]}" })
        {
            var read = await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);
            Assert.Equal(image.ToJsonString(), read["featureImage"]!.ToJsonString());
        }
        var listed = await (await _client.GetAsync("/api/v1/articles?status=draft&pageSize=100")).Expect(HttpStatusCode.OK);
        var item = listed["data"]!.AsArray().Single(a => (string?)a!["id"] == (string?)article["id"])!;
        Assert.Equal(image.ToJsonString(), item["featureImage"]!.ToJsonString());
    }

    [Fact]
    public async Task The_use_may_override_alt_and_credit_and_a_patch_keeps_the_asset()
    {
        var asset = await UploadAsync("Alt aset", "Kredit aset");
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Isi.",
            featureImage = new { assetId = (string)asset["id"]!, alt = "Alt artikel" } });
        var article = await created.Expect(HttpStatusCode.Created);
        Assert.Equal(("Alt artikel", "Kredit aset"), ((string?)article["featureImage"]!["alt"], (string?)article["featureImage"]!["credit"]));

        var patched = await (await _client.Patch($"/api/v1/articles/{article["id"]}", new { featureImage = new { caption = "Baru" } },
            created.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal(((string?)asset["id"], "Baru", "Alt artikel"),
            ((string?)patched["featureImage"]!["assetId"], (string?)patched["featureImage"]!["caption"], (string?)patched["featureImage"]!["alt"]));
    }

    [Fact]
    public async Task An_article_read_with_its_lead_image_can_be_put_back_as_it_is()
    {
        var asset = await UploadAsync("Alt", "Kredit");
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Isi.",
            featureImage = new { assetId = (string)asset["id"]! } });
        var article = await created.Expect(HttpStatusCode.Created);

        var put = await (await _client.Put($"/api/v1/articles/{article["id"]}", article.ToJsonString(), created.ETag()))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(article["featureImage"]!.ToJsonString(), put["featureImage"]!.ToJsonString());
    }

    [Fact]
    public async Task Changing_the_asset_changes_what_its_articles_show_and_their_etags()
    {
        var asset = await UploadAsync("Lama", "Kredit lama");
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Isi.",
            featureImage = new { assetId = (string)asset["id"]! } });
        var article = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/articles/{article["id"]}";

        var changed = await (await _client.Patch($"/api/v1/assets/{asset["id"]}",
            new { alt = "Baru", credit = "Kredit baru", focalPoint = new { x = 0.2, y = 0.3 } }, "*")).Expect(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.TryAddWithoutValidation("If-None-Match", created.ETag());
        var read = await (await _client.SendAsync(stale)).Expect(HttpStatusCode.OK);
        Assert.Equal(("Baru", "Kredit baru"), ((string?)read["featureImage"]!["alt"], (string?)read["featureImage"]!["credit"]));
        Assert.Equal(changed["variants"]!.ToJsonString(), read["featureImage"]!["variants"]!.ToJsonString());
    }

    [Fact]
    public async Task An_asset_in_use_cannot_be_deleted_and_bad_references_are_422()
    {
        var asset = await UploadAsync("a", "b");
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Isi.",
            featureImage = new { assetId = (string)asset["id"]! } });
        var article = await created.Expect(HttpStatusCode.Created);

        var inUse = await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).ExpectProblem(HttpStatusCode.Conflict, "asset_in_use");
        Assert.Equal(1, (int)inUse["articleCount"]!);

        await (await _client.Post("/api/v1/articles", new { title = "x", featureImage = new { assetId = Guid.NewGuid() } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "featureImage.assetId");
        await (await _client.Post("/api/v1/articles", new { title = "x", featureImage = new { alt = "no image" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "featureImage.url");

        await (await _client.Patch($"/api/v1/articles/{article["id"]}", new { featureImage = new { assetId = (string?)null, url = "https://images.example.com/a.jpg" } },
            created.ETag())).Expect(HttpStatusCode.OK);
        await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).Expect(HttpStatusCode.NoContent);
    }
}

/// <summary>An asset as an author's avatar.</summary>
public abstract class AvatarTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<JsonNode> UploadAsync() => _client.UploadPhoto(800, 800);

    [Fact]
    public async Task An_author_with_an_avatar_asset_shows_its_url_and_variants_in_reads_lists_and_bylines()
    {
        var asset = await UploadAsync();
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("Rina"), avatarAssetId = (string)asset["id"]! });
        var author = await created.Expect(HttpStatusCode.Created);
        Assert.Equal(((string?)asset["url"], (string?)asset["id"]), ((string?)author["avatarUrl"], (string?)author["avatarAssetId"]));
        Assert.Equal(asset["variants"]!.ToJsonString(), author["avatarVariants"]!.ToJsonString());

        var read = await (await _client.GetAsync($"/api/v1/authors/slug/{author["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(author.ToJsonString(), read.ToJsonString());
        var article = await _client.CreateArticle(new { authors = new[] { new { authorId = (string)author["id"]! } } });
        Assert.Equal((string?)asset["url"], (string?)article["authors"]![0]!["avatarUrl"]);

        // Read and sent back as it is: the asset stays.
        var put = await (await _client.Put($"/api/v1/authors/{author["id"]}", author.ToJsonString(), created.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal(author["avatarVariants"]!.ToJsonString(), put["avatarVariants"]!.ToJsonString());
    }

    [Fact]
    public async Task A_new_focal_point_moves_the_authors_etag_and_an_avatar_in_use_is_not_deleted()
    {
        var asset = await UploadAsync();
        var created = await _client.Post("/api/v1/authors", new { name = Http.Unique("Dewi"), avatarAssetId = (string)asset["id"]! });
        var author = await created.Expect(HttpStatusCode.Created);

        var moved = await (await _client.Patch($"/api/v1/assets/{asset["id"]}", new { focalPoint = new { x = 0.1, y = 0.1 } }, "*"))
            .Expect(HttpStatusCode.OK);
        var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/authors/{author["id"]}");
        stale.Headers.TryAddWithoutValidation("If-None-Match", created.ETag());
        var read = await (await _client.SendAsync(stale)).Expect(HttpStatusCode.OK);
        Assert.Equal(moved["variants"]!.ToJsonString(), read["avatarVariants"]!.ToJsonString());

        var inUse = await (await _client.DeleteAsync($"/api/v1/assets/{asset["id"]}")).ExpectProblem(HttpStatusCode.Conflict, "asset_in_use");
        Assert.Equal((0, 1), ((int)inUse["articleCount"]!, (int)inUse["authorCount"]!));
        await (await _client.Post("/api/v1/authors", new { name = "x", avatarAssetId = Guid.NewGuid() }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "avatarAssetId");
    }
}

public sealed class AvatarTestsOnSqlite(SqliteCmsFactory factory) : AvatarTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class AvatarTestsOnPostgres(PostgresCmsFactory factory) : AvatarTests(factory), IClassFixture<PostgresCmsFactory>;

public sealed class LeadImageTestsOnSqlite(SqliteCmsFactory factory) : LeadImageTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class LeadImageTestsOnPostgres(PostgresCmsFactory factory) : LeadImageTests(factory), IClassFixture<PostgresCmsFactory>;

public sealed class VariantTestsOnSqlite(SqliteCmsFactory factory) : VariantTests(factory), IClassFixture<SqliteCmsFactory>
{
    [Fact]
    public async Task Without_its_original_a_variant_is_404_and_nothing_is_stored()
    {
        var client = factory.CreateClient();
        using var image = (Image.Black(800, 600, bands: 3) + Random.Shared.Next(256)).Cast(Enums.BandFormat.Uchar);
        var form = new MultipartFormDataContent { { new ByteArrayContent(image.PngsaveBuffer()), "file", "lost.png" } };
        var asset = await (await client.PostAsync("/api/v1/assets", form)).Expect(HttpStatusCode.Created);
        File.Delete(Path.Combine(factory.MediaFolder, new Uri((string)asset["url"]!).AbsolutePath["/media/".Length..]));

        var url = new Uri((string)asset["variants"]!.AsArray().First()!["url"]!).AbsolutePath;
        await (await client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.False(File.Exists(Path.Combine(factory.MediaFolder, url["/media/".Length..])));
    }
}

public sealed class VariantTestsOnPostgres(PostgresCmsFactory factory) : VariantTests(factory), IClassFixture<PostgresCmsFactory>;

public sealed class AssetTestsOnSqlite(SqliteCmsFactory factory) : AssetTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class AssetTestsOnPostgres(PostgresCmsFactory factory) : AssetTests(factory), IClassFixture<PostgresCmsFactory>;

/// <summary>An app whose S3 store cannot be reached: nothing listens on its port.</summary>
public sealed class UnreachableStoreFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> MediaSettings() =>
    [
        new("Media:Store", "S3"),
        new("Media:S3:ServiceUrl", $"http://127.0.0.1:{TestPostgres.FreePort()}"),
        new("Media:S3:AccessKey", "none"),
        new("Media:S3:SecretKey", "none"),
    ];
}

public sealed class MediaFailureTests(UnreachableStoreFactory factory) : IClassFixture<UnreachableStoreFactory>
{
    [Fact]
    public async Task An_unreachable_store_is_503_with_retry_after_and_leaves_no_asset()
    {
        var client = factory.CreateClient();
        var form = new MultipartFormDataContent { { new ByteArrayContent(ImageIntakeTests.PhonePhoto()), "file", "a.jpg" } };
        var response = await client.PostAsync("/api/v1/assets", form);
        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        var list = await (await client.GetAsync("/api/v1/assets")).Expect(HttpStatusCode.OK);
        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task Image_work_past_its_queue_is_503_not_a_wait()
    {
        var work = new Cms.Api.Media.ImageWork(Microsoft.Extensions.Options.Options.Create(
            new Cms.Api.Media.MediaOptions { ImageWorkers = 1, ImageQueue = 0 }), Metrics(out var meter, out var container));
        using var disposeContainer = container;
        using var inProgress = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(meter, "cms.images.in_progress");
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var busy = work.RunAsync(() => { started.SetResult(); release.Task.Wait(); return 1; }, CancellationToken.None);
        await started.Task;
        inProgress.RecordObservableInstruments();
        Assert.Equal(1, inProgress.LastMeasurement?.Value);

        var refused = await Assert.ThrowsAsync<Cms.Api.Infrastructure.RequestProblemException>(
            () => work.RunAsync(() => 2, CancellationToken.None));
        Assert.Equal((503, "server_busy"), (refused.Status, refused.Code));

        release.SetResult();
        Assert.Equal(1, await busy);
        Assert.Equal(3, await work.RunAsync(() => 3, CancellationToken.None)); // free again once the first is done
        inProgress.RecordObservableInstruments();
        Assert.Equal(0, inProgress.LastMeasurement?.Value);
    }

    /// <summary>Metrics on a container of their own, disposed with the test, so its meter outlives no test.</summary>
    private static Cms.Api.Infrastructure.CmsMetrics Metrics(out System.Diagnostics.Metrics.Meter meter, out ServiceProvider container)
    {
        container = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new Cms.Api.Infrastructure.CmsMetrics(container.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        meter = metrics.Meter;
        return metrics;
    }

    [Fact]
    public async Task Images_decoded_whole_wait_for_memory_and_one_larger_than_all_of_it_runs_alone()
    {
        const long megabyte = 1024 * 1024;
        var work = new Cms.Api.Media.ImageWork(Microsoft.Extensions.Options.Options.Create(
            new Cms.Api.Media.MediaOptions { ImageWorkers = 3, ImageMemory = 100 * megabyte }), Metrics(out _, out var container));
        using var disposeContainer = container;
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var first = work.RunAsync(() => { started.SetResult(); release.Task.Wait(); return 1; }, CancellationToken.None, 72 * megabyte);
        await started.Task;

        // Streaming work goes on beside it; a second whole decode that does not fit waits, holding its worker.
        Assert.Equal(2, await work.RunAsync(() => 2, CancellationToken.None));
        var secondRan = false;
        var second = work.RunAsync(() => secondRan = true, CancellationToken.None, 72 * megabyte);
        await Waiting.Until(() => work.MegabytesWaitedFor == 72, "the second whole decode never waited for memory");
        Assert.False(secondRan);

        release.SetResult();
        Assert.Equal((1, true), (await first, await second));
        Assert.Equal(3, await work.RunAsync(() => 3, CancellationToken.None, 500 * megabyte)); // more than all of it: alone
    }
}

/// <summary>A newsroom that takes SVG (Media:AllowSvg).</summary>
public sealed class SvgFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Media:AllowSvg", "true")];
}

public sealed class SvgTests(SvgFactory factory) : IClassFixture<SvgFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> UploadAsync(string svg) =>
        _client.PostAsync("/api/v1/assets", new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(svg)), "file", "chart.svg" },
        });

    [Fact]
    public async Task An_svg_is_stored_as_it_came_and_served_sandboxed_without_variants()
    {
        var svg = $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"480\"><!-- {Guid.NewGuid()} -->"
            + "<script>alert(document.cookie)</script><rect width=\"10\" height=\"10\"/></svg>";
        var asset = await (await UploadAsync(svg)).Expect(HttpStatusCode.Created);
        Assert.Equal(("image/svg+xml", 640, 480, 0),
            ((string)asset["contentType"]!, (int)asset["width"]!, (int)asset["height"]!, asset["variants"]!.AsArray().Count));

        var served = await _client.GetAsync((string)asset["url"]!);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/svg+xml", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(svg, await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_svg_leads_an_article_or_shows_in_its_body_as_itself_with_no_variants()
    {
        var svg = $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"200\"><!-- {Guid.NewGuid()} --></svg>";
        var asset = await (await UploadAsync(svg)).Expect(HttpStatusCode.Created);
        var article = await _client.CreateArticle(new
        {
            featureImage = new { assetId = (string)asset["id"]! }, body = $"Grafik:\n\n![Hasil hitung cepat](asset:{asset["id"]})",
        });

        Assert.Empty(article["featureImage"]!["variants"]!.AsArray());
        var img = new AngleSharp.Html.Parser.HtmlParser().ParseDocument((string)article["bodyHtml"]!).QuerySelector("img")!;
        Assert.Null(img.ParentElement!.Closest("picture"));
        Assert.Equal(((string?)asset["url"], "300", "200", "Hasil hitung cepat", false),
            (img.GetAttribute("src"), img.GetAttribute("width"), img.GetAttribute("height"), img.GetAttribute("alt"), img.HasAttribute("srcset")));
    }

    [Fact]
    public async Task An_svg_that_is_not_well_formed_has_a_dtd_or_another_root_is_422()
    {
        const string laughs = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
        foreach (var bad in new[] { laughs, "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>", "<html><svg/></html>" })
        {
            await (await UploadAsync(bad)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "invalid_image", "file");
        }
    }
}
