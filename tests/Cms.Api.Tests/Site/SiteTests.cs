using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Site;

/// <summary>A newsroom with a frontend (Site:BaseUrl) in Jakarta: every resource names its page, articles their WIB time.</summary>
public abstract class SiteTests(CmsFactory factory)
{
    public static readonly KeyValuePair<string, string?>[] Frontend =
    [
        new("Site:BaseUrl", "https://www.contoh.id/"),
        new("Site:AuthorPath", "/about/{slug}"),
        new("Site:Name", "Kantor Berita Contoh"),
        new("Site:LogoUrl", "https://www.contoh.id/logo.png"),
    ];

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task An_article_names_its_page_by_its_date_in_jakarta_and_gives_that_time()
    {
        var author = await _client.CreateAuthor();
        var tag = await _client.CreateTag();
        // 17:30 UTC on the 18th is 00:30 WIB on the 19th: the page's date is Jakarta's.
        var article = await _client.CreateArticle(new
        {
            status = "published", publishedAt = "2024-06-18T17:30:00Z", authors = new[] { new { authorId = (string)author["id"]! } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var expected = $"https://www.contoh.id/read/2024/06/19/{article["slug"]}";
        Assert.Equal((expected, "2024-06-19T00:30:00+07:00"), ((string?)article["url"], (string?)article["publishedAtLocal"]));

        var read = await (await _client.GetAsync($"/api/v1/articles/slug/{article["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal((expected, "2024-06-19T00:30:00+07:00"), ((string?)read["url"], (string?)read["publishedAtLocal"]));
        var listed = await (await _client.GetAsync($"/api/v1/articles?tag={tag["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(expected, (string?)listed["data"]![0]!["url"]);
        Assert.Equal("2024-06-19T00:30:00+07:00", (string?)listed["data"]![0]!["publishedAtLocal"]);

        // "LAPORAN: <name>" links to the author's page; a tag chip to the tag's.
        Assert.Equal(($"https://www.contoh.id/about/{author["slug"]}", $"https://www.contoh.id/tag/{tag["slug"]}"),
            ((string?)read["authors"]![0]!["url"], (string?)read["tags"]![0]!["url"]));
        Assert.Equal($"https://www.contoh.id/about/{author["slug"]}", (string?)listed["data"]![0]!["authors"]![0]!["url"]);

        // Put back as read: url and publishedAtLocal are read-only, not an unknown property.
        var etag = (await _client.GetAsync($"/api/v1/articles/{article["id"]}")).ETag();
        await (await _client.Put($"/api/v1/articles/{article["id"]}", read.ToJsonString(), etag)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_published_story_has_its_news_article_json_ld()
    {
        var (rina, budi) = (await _client.CreateAuthor("Rina Wartawan"), await _client.CreateAuthor());
        var (politik, rusia) = (await _client.CreateTag(), await _client.CreateTag());
        var photo = await _client.UploadPhoto(2400, 1600, alt: "Putin");
        var article = await _client.CreateArticle(new
        {
            title = "Putin tiba di Pyongyang", status = "published", publishedAt = "2024-06-19T05:04:00Z", language = "id",
            featureImage = new { assetId = (string)photo["id"]! },
            authors = new[] { new { authorId = (string)rina["id"]! }, new { authorId = (string)budi["id"]! } },
            tags = new[] { new { tagId = (string)politik["id"]! }, new { tagId = (string)rusia["id"]! } },
        });

        var anonymous = factory.CreateAnonymousClient();
        var response = await anonymous.GetAsync($"/api/v1/articles/slug/{article["slug"]}/jsonld");
        var ld = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("https://schema.org", "NewsArticle", "Putin tiba di Pyongyang", (string?)article["excerpt"]),
            ((string?)ld["@context"], (string?)ld["@type"], (string?)ld["headline"], (string?)ld["description"]));
        Assert.Equal(("2024-06-19T12:04:00+07:00", "id"), ((string?)ld["datePublished"], (string?)ld["inLanguage"]));
        Assert.EndsWith("+07:00", (string?)ld["dateModified"]);
        Assert.Equal(((string?)article["url"], "WebPage"), ((string?)ld["mainEntityOfPage"]!["@id"], (string?)ld["mainEntityOfPage"]!["@type"]));
        Assert.Equal([("Person", "Rina Wartawan", $"https://www.contoh.id/about/{rina["slug"]}"), ("Person", (string)budi["name"]!, $"https://www.contoh.id/about/{budi["slug"]}")],
            ld["author"]!.AsArray().Select(a => ((string)a!["@type"]!, (string)a["name"]!, (string)a["url"]!)));
        Assert.Equal((string?)politik["name"], (string?)ld["articleSection"]);
        Assert.Equal([(string)politik["name"]!, (string)rusia["name"]!], ld["keywords"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(("NewsMediaOrganization", "Kantor Berita Contoh", "https://www.contoh.id/logo.png"),
            ((string?)ld["publisher"]!["@type"], (string?)ld["publisher"]!["name"], (string?)ld["publisher"]!["logo"]!["url"]));

        // The three crops Google asks for, absolute, each at least 1200 px wide, and served.
        var images = ld["image"]!.AsArray().Select(i => new Uri((string)i!)).ToList();
        var crops = photo["variants"]!.AsArray().Where(v => (string)v!["format"]! == "jpg" && (string)v["preset"]! is "1x1" or "4x3" or "16x9")
            .Select(v => (string)v!["url"]!).Order().ToList();
        Assert.Equal(crops, images.Select(u => u.AbsoluteUri).Order().ToList());
        Assert.All(images, u => Assert.True(u.IsAbsoluteUri && u.Scheme is "http" or "https"));
        using var served = NetVips.Image.NewFromBuffer(await anonymous.GetByteArrayAsync(images[0].AbsolutePath));
        Assert.True(served.Width >= 1200);
    }

    [Fact]
    public async Task A_draft_has_no_json_ld_for_readers_and_a_missing_story_is_404()
    {
        var draft = await _client.CreateArticle();
        var anonymous = factory.CreateAnonymousClient();
        await (await anonymous.GetAsync($"/api/v1/articles/slug/{draft["slug"]}/jsonld")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await anonymous.GetAsync("/api/v1/articles/slug/tidak-ada/jsonld")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        var preview = await (await _client.GetAsync($"/api/v1/articles/slug/{draft["slug"]}/jsonld")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)draft["title"], (string?)preview["headline"]);
        Assert.Null(preview["mainEntityOfPage"]); // no page before it has a date
    }

    [Fact]
    public async Task A_draft_without_a_time_has_no_page_yet()
    {
        var draft = await _client.CreateArticle();
        Assert.Null(draft["url"]);
        Assert.Null(draft["publishedAtLocal"]);
    }

    [Fact]
    public async Task Authors_and_tags_name_their_pages_in_reads_lists_writes_and_sync()
    {
        var author = await _client.CreateAuthor();
        var tag = await _client.CreateTag();
        Assert.Equal($"https://www.contoh.id/about/{author["slug"]}", (string?)author["url"]);
        Assert.Equal($"https://www.contoh.id/tag/{tag["slug"]}", (string?)tag["url"]);

        var authorRead = await (await _client.GetAsync($"/api/v1/authors/slug/{author["slug"]}")).Expect(HttpStatusCode.OK);
        var tagRead = await (await _client.GetAsync($"/api/v1/tags/{tag["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(((string?)author["url"], (string?)tag["url"]), ((string?)authorRead["url"], (string?)tagRead["url"]));

        var tags = await (await _client.GetAsync("/api/v1/tags?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.All(tags["data"]!.AsArray(), t => Assert.Equal($"https://www.contoh.id/tag/{t!["slug"]}", (string?)t["url"]));
        var authors = await (await _client.GetAsync("/api/v1/authors?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.All(authors["data"]!.AsArray(), a => Assert.Equal($"https://www.contoh.id/about/{a!["slug"]}", (string?)a["url"]));

        var renamed = await (await _client.Patch($"/api/v1/tags/{tag["id"]}", new { slug = $"baru-{Guid.NewGuid():N}" }, "*"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal($"https://www.contoh.id/tag/{renamed["slug"]}", (string?)renamed["url"]);

        var sync = await (await _client.GetAsync("/api/v1/sync?limit=500")).Expect(HttpStatusCode.OK);
        var synced = sync["data"]!.AsArray().Select(i => i!["tag"]).OfType<JsonNode>().Single(t => (string?)t["id"] == (string?)tag["id"]);
        Assert.Equal((string?)renamed["url"], (string?)synced["url"]);
    }

    [Fact]
    public async Task The_site_says_its_name_language_zone_and_what_readers_call_it()
    {
        var site = await (await factory.CreateAnonymousClient().GetAsync("/api/v1/site")).Expect(HttpStatusCode.OK);

        Assert.Equal(("Kantor Berita Contoh", "id", "Asia/Jakarta", "WIB", "+07:00"),
            ((string?)site["name"], (string?)site["language"], (string?)site["timeZone"], (string?)site["timeZoneAbbreviation"],
                (string?)site["utcOffset"]));
        Assert.Equal(("https://www.contoh.id", "https://www.contoh.id/logo.png"), ((string?)site["baseUrl"], (string?)site["logoUrl"]));
    }
}

public sealed class SqliteSiteFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => SiteTests.Frontend;
}

public sealed class PostgresSiteFactory : PostgresCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => SiteTests.Frontend;
}

public sealed class SiteTestsOnSqlite(SqliteSiteFactory factory) : SiteTests(factory), IClassFixture<SqliteSiteFactory>;

public sealed class SiteTestsOnPostgres(PostgresSiteFactory factory) : SiteTests(factory), IClassFixture<PostgresSiteFactory>;

public sealed class SiteSettingsTests
{
    private sealed class Misconfigured(string name, string value) : SqliteCmsFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new(name, value)];
    }

    [Theory]
    [InlineData("Asia/Makassar", null, "WITA")]
    [InlineData("Asia/Jayapura", null, "WIT")]
    [InlineData("Asia/Kolkata", null, "UTC+5:30")]
    [InlineData("Asia/Jakarta", "WIB (Jakarta)", "WIB (Jakarta)")]
    public void A_zone_is_named_as_readers_name_it(string zone, string? abbreviation, string expected)
    {
        var links = new Cms.Api.Site.SiteLinks(
            Microsoft.Extensions.Options.Options.Create(new Cms.Api.Site.SiteOptions { TimeZone = zone, TimeZoneAbbreviation = abbreviation }),
            Microsoft.Extensions.Options.Options.Create(new Cms.Api.Infrastructure.CmsOptions()));
        Assert.Equal(expected, links.ZoneAbbreviation);
    }

    [Theory]
    [InlineData("Production", 3)]
    [InlineData("Development", 0)]
    public async Task Production_warns_at_start_for_each_distribution_setting_missing(string environment, int warnings)
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<Cms.Api.Site.SiteSettingsCheck>();
        var check = new Cms.Api.Site.SiteSettingsCheck(Microsoft.Extensions.Options.Options.Create(new Cms.Api.Site.SiteOptions()),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment }, logger);
        await check.StartAsync(CancellationToken.None);
        var lines = logger.Collector.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Equal(warnings, lines.Count);
        Assert.Equal(warnings > 0, lines.Any(l => l.StartsWith("Site:Name is not set: NewsArticle JSON-LD has no publisher")));
        Assert.Empty(Cms.Api.Site.SiteSettingsCheck.Missing(new Cms.Api.Site.SiteOptions
        {
            Name = "Kantor Berita Contoh", LogoUrl = "https://www.contoh.id/logo.png", BaseUrl = "https://www.contoh.id",
        }));
    }

    [Theory]
    [InlineData("Site:TimeZone", "Mars/Olympus_Mons", "Site:TimeZone")]
    [InlineData("Site:BaseUrl", "www.contoh.id", "Site:BaseUrl")]
    [InlineData("Site:ArticlePath", "/read/{yyyy}", "Site:ArticlePath")]
    public async Task A_site_setting_that_cannot_work_stops_the_start_and_says_which(string name, string value, string named)
    {
        await using var factory = new Misconfigured(name, value);
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await factory.InitializeAsync();
            factory.CreateClient();
        });
        Assert.StartsWith(named, failure.Message);
    }
}
