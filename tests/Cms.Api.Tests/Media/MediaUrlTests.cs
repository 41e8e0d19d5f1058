using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cms.Api.Tests.Media;

/// <summary>
/// Every media URL a response gives is absolute, under Media:PublicBaseUrl or else the origin the request came to, so
/// a frontend on another origin uses it as it is; variants say their aspect and come grouped into ready srcsets.
/// </summary>
public abstract partial class MediaUrlTests(CmsFactory factory, string expectedBase)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Every_media_url_in_articles_assets_authors_and_bodies_is_absolute_under_one_base()
    {
        var photo = await _client.UploadPhoto(1600, 1000, alt: "Presiden Rusia, Vladimir Putin");
        var photoId = (string)photo["id"]!;
        var author = await _client.CreateAuthor(extra: new { avatarAssetId = photoId });
        var tag = await _client.CreateTag();
        var article = await _client.CreateArticle(new
        {
            status = "published", publishedAt = "2024-06-19T05:04:00Z", body = $"Isi berita.\n\n![Putin](asset:{photoId})",
            featureImage = new { assetId = photoId, caption = "Presiden Rusia, Vladimir Putin" },
            authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var reader = factory.CreateAnonymousClient();
        var read = await (await reader.GetAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.OK);
        var listed = (await (await reader.GetAsync($"/api/v1/articles?tag={tag["slug"]}")).Expect(HttpStatusCode.OK))["data"]![0]!;
        var asset = await (await reader.GetAsync($"/api/v1/assets/{photoId}")).Expect(HttpStatusCode.OK);
        var profile = await (await reader.GetAsync($"/api/v1/authors/{author["id"]}")).Expect(HttpStatusCode.OK);

        var urls = new List<string>();
        foreach (var image in new[] { read["featureImage"]!, listed["featureImage"]!, asset })
        {
            urls.Add((string)image["url"]!);
            urls.AddRange(image["variants"]!.AsArray().Select(v => (string)v!["url"]!));
            urls.AddRange(image["srcsets"]!.AsArray().SelectMany(s => Candidates((string)s!["srcset"]!)));
        }
        urls.Add((string)read["authors"]![0]!["avatarUrl"]!);
        urls.Add((string)listed["authors"]![0]!["avatarUrl"]!);
        urls.Add((string)profile["avatarUrl"]!);
        urls.AddRange(profile["avatarVariants"]!.AsArray().Select(v => (string)v!["url"]!));
        var body = (string)read["bodyHtml"]!;
        var inBody = Sources().Matches(body).SelectMany(m => m.Groups[1].Value.Contains(' ') ? Candidates(m.Groups[1].Value) : [m.Groups[1].Value]).ToList();
        Assert.NotEmpty(inBody);
        urls.AddRange(inBody);

        Assert.True(urls.Count > 60, $"only {urls.Count} urls");
        Assert.All(urls, u => Assert.StartsWith(expectedBase + "/media/", u));
        // The path under the base is what the API serves.
        var served = await reader.GetAsync(new Uri((string)read["featureImage"]!["url"]!).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Srcsets_group_the_variants_by_aspect_and_format_with_each_width_once()
    {
        // 1600 wide: the w1920 preset gives 1600, which the srcset lists once.
        var photo = await _client.UploadPhoto(1600, 1000);
        var srcsets = photo["srcsets"]!.AsArray();

        Assert.Equal([("original", "webp"), ("original", "jpg"), ("16:9", "webp"), ("16:9", "jpg"), ("1:1", "webp"), ("1:1", "jpg"),
                ("4:3", "webp"), ("4:3", "jpg")],
            srcsets.Select(s => ((string)s!["aspect"]!, (string)s["format"]!)));
        var original = srcsets.First(s => (string)s!["aspect"]! == "original" && (string)s["format"]! == "jpg")!;
        Assert.Equal(["320w", "640w", "1280w", "1600w"], ((string)original["srcset"]!).Split(", ").Select(c => c.Split(' ')[1]));
        Assert.Equal(("image/jpeg", 1600, 1000), ((string)original["type"]!, (int)original["width"]!, (int)original["height"]!));
        var wide = srcsets.First(s => (string)s!["aspect"]! == "16:9" && (string)s["format"]! == "webp")!;
        Assert.Equal(("image/webp", 1200, 675), ((string)wide["type"]!, (int)wide["width"]!, (int)wide["height"]!));

        // Each variant says which aspect it is.
        Assert.Equal(["16:9", "1:1", "4:3", "original"], photo["variants"]!.AsArray().Select(v => (string)v!["aspect"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(photo["variants"]!.AsArray().Where(v => ((string)v!["preset"]!).StartsWith('w')), v => Assert.Equal("original", (string?)v!["aspect"]));
    }

    private static IEnumerable<string> Candidates(string srcset) => srcset.Split(", ").Select(c => c.Split(' ')[0]);

    [GeneratedRegex(@"\s(?:src|srcset)=""([^""]+)""")]
    private static partial Regex Sources();
}

/// <summary>Media served through a CDN in front of the API.</summary>
public sealed class SqliteCdnFactory : SqliteCmsFactory
{
    public const string Cdn = "https://media.contoh.id";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Media:PublicBaseUrl", Cdn + "/")];
}

public sealed class PostgresCdnFactory : PostgresCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Media:PublicBaseUrl", SqliteCdnFactory.Cdn + "/")];
}

public sealed class MediaUrlTestsOnSqlite(SqliteCmsFactory factory) : MediaUrlTests(factory, "http://localhost"), IClassFixture<SqliteCmsFactory>;

public sealed class MediaUrlTestsOnPostgres(PostgresCmsFactory factory) : MediaUrlTests(factory, "http://localhost"), IClassFixture<PostgresCmsFactory>;

public sealed class CdnMediaUrlTestsOnSqlite(SqliteCdnFactory factory) : MediaUrlTests(factory, SqliteCdnFactory.Cdn), IClassFixture<SqliteCdnFactory>;

public sealed class CdnMediaUrlTestsOnPostgres(PostgresCdnFactory factory) : MediaUrlTests(factory, SqliteCdnFactory.Cdn), IClassFixture<PostgresCdnFactory>;
