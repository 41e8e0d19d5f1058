using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Cms.Api.Tests.Site;

/// <summary>The sitemap index, the month, tag and author sitemaps, and the Google News sitemap, read as XML.</summary>
public abstract class SitemapTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Image = "http://www.google.com/schemas/sitemap-image/1.1";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();
    private JsonNode? _reporter;

    [Theory]
    [InlineData("/api/v1/sitemaps")]
    [InlineData("/api/v1/sitemaps/news")]
    [InlineData("/api/v1/sitemaps/tags")]
    public async Task Sitemaps_are_compressed_when_the_client_asks(string url)
    {
        await Publish(factory.Clock.GetUtcNow().AddHours(-1).ToString("O"));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));

        var response = await _public.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_index_links_each_month_and_a_month_lists_its_published_stories()
    {
        var photo = await _editor.UploadPhoto(1600, 1000, alt: "Gedung DPR");
        // Months are UTC's: 00:30 WIB on 1 June is 31 May's.
        var june = await Publish("2011-06-01T05:00:00Z", new { featureImage = new { assetId = (string)photo["id"]! } });
        var may = await Publish("2011-05-31T17:30:00Z");
        await _editor.CreateArticle(new { publishedAt = "2011-06-10T05:00:00Z" }); // a draft
        var tag = await _editor.CreateTag();

        var index = await Xml("/api/v1/sitemaps");
        var sitemaps = index.Root!.Elements(Sm + "sitemap").ToDictionary(s => new Uri((string)s.Element(Sm + "loc")!).PathAndQuery,
            s => (string?)s.Element(Sm + "lastmod"));
        Assert.Equal("sitemapindex", index.Root.Name.LocalName);
        Assert.Contains("/api/v1/sitemaps/articles/2011-06", sitemaps.Keys);
        Assert.Contains("/api/v1/sitemaps/articles/2011-05", sitemaps.Keys);
        Assert.DoesNotContain("/api/v1/sitemaps/articles/2011-04", sitemaps.Keys); // no story that month
        Assert.Contains("/api/v1/sitemaps/tags", sitemaps.Keys);
        Assert.Contains("/api/v1/sitemaps/authors", sitemaps.Keys);
        Assert.Contains("/api/v1/sitemaps/news", sitemaps.Keys);
        Assert.EndsWith("+07:00", sitemaps["/api/v1/sitemaps/articles/2011-06"]);

        var month = await Xml("/api/v1/sitemaps/articles/2011-06");
        var url = Assert.Single(month.Root!.Elements(Sm + "url"));
        Assert.Equal(((string?)june["url"], $"https://www.contoh.id/read/2011/06/01/{june["slug"]}"),
            ((string?)url.Element(Sm + "loc"), (string?)june["url"]));
        Assert.EndsWith("+07:00", (string?)url.Element(Sm + "lastmod"));
        var image = new Uri((string)url.Element(Image + "image")!.Element(Image + "loc")!);
        Assert.True(image.IsAbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(image.AbsolutePath)).StatusCode);
        Assert.Equal([(string?)may["url"]], (await Xml("/api/v1/sitemaps/articles/2011-05")).Root!.Elements(Sm + "url")
            .Select(u => (string?)u.Element(Sm + "loc")));

        var tags = await Xml("/api/v1/sitemaps/tags");
        Assert.Contains($"https://www.contoh.id/tag/{tag["slug"]}", tags.Root!.Elements(Sm + "url").Select(u => (string?)u.Element(Sm + "loc")));
        var authors = await Xml("/api/v1/sitemaps/authors");
        Assert.Contains($"https://www.contoh.id/about/{_reporter!["slug"]}",
            authors.Root!.Elements(Sm + "url").Select(u => (string?)u.Element(Sm + "loc")));

        // Withdrawn: gone from its month at once, cached or not.
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{june["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        Assert.Empty((await Xml("/api/v1/sitemaps/articles/2011-06")).Root!.Elements(Sm + "url"));
        Assert.DoesNotContain("/api/v1/sitemaps/articles/2011-06", await IndexedMonths());

        // A second story in May moves May's lastmod to its write.
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        await Publish("2011-05-02T05:00:00Z");
        var index2 = (await Xml("/api/v1/sitemaps")).Root!.Elements(Sm + "sitemap")
            .Single(e => ((string)e.Element(Sm + "loc")!).EndsWith("/articles/2011-05"));
        Assert.Equal(factory.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:ss") + "+07:00",
            (string?)index2.Element(Sm + "lastmod"));
    }

    private async Task<List<string>> IndexedMonths() =>
        (await Xml("/api/v1/sitemaps")).Root!.Elements(Sm + "sitemap").Select(s => new Uri((string)s.Element(Sm + "loc")!).PathAndQuery).ToList();

    [Fact]
    public async Task The_news_sitemap_has_the_last_48_hours_with_wib_times_and_follows_publishing()
    {
        var now = factory.Clock.GetUtcNow();
        var fresh = await Publish(now.AddHours(-1).ToString("O"), new { title = "Putin tiba di Pyongyang" });
        var old = await Publish(now.AddHours(-49).ToString("O"));
        var scheduled = await _editor.CreateArticle(new
        {
            status = "scheduled", publishedAt = now.AddMinutes(1).ToString("O"), authors = await Byline(),
        });

        var urls = await NewsUrls();
        Assert.Contains((string?)fresh["url"], urls.Keys);
        Assert.DoesNotContain((string?)old["url"], urls.Keys);
        Assert.DoesNotContain(scheduled["slug"]!.ToString(), string.Join(' ', urls.Keys));
        var news = urls[(string)fresh["url"]!];
        var publication = news.Element(News + "publication")!;
        Assert.Equal(("Kantor Berita Contoh", "id"), ((string?)publication.Element(News + "name"), (string?)publication.Element(News + "language")));
        var local = now.AddHours(-1).ToOffset(TimeSpan.FromHours(7));
        Assert.Equal(local.ToString("yyyy-MM-dd'T'HH:mm:ss") + "+07:00", (string?)news.Element(News + "publication_date"));
        Assert.Equal("Putin tiba di Pyongyang", (string?)news.Element(News + "title"));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        urls = await NewsUrls();
        Assert.Equal((string?)scheduled["slug"], urls.Keys.First().Split('/').Last()); // newest first, on its minute

        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{fresh["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain((string?)fresh["url"], (await NewsUrls()).Keys);
    }

    [Fact]
    public async Task Bad_months_and_pages_are_400_problems_and_a_page_past_the_end_is_empty()
    {
        foreach (var url in new[] { "/api/v1/sitemaps/articles/2024-13", "/api/v1/sitemaps/articles/juni", "/api/v1/sitemaps/tags?page=0",
                     "/api/v1/sitemaps/articles/2024-06?page=-1" })
        {
            await (await _public.GetAsync(url)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter");
        }
        Assert.Empty((await Xml("/api/v1/sitemaps/authors?page=2")).Root!.Elements(Sm + "url"));
    }

    [Fact]
    public async Task A_month_past_the_page_size_is_split_into_pages_the_index_links()
    {
        // The same database, read by a host whose pages hold two URLs.
        using var small = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c =>
            c.AddInMemoryCollection([new KeyValuePair<string, string?>("Site:SitemapPageSize", "2")])));
        var client = small.CreateClient();
        var stories = new List<string?>();
        foreach (var day in new[] { 3, 9, 9, 20, 28 })
        {
            stories.Add((string?)(await Publish($"2013-07-{day:D2}T05:00:00Z"))["url"]);
        }

        var indexed = (await Xml("/api/v1/sitemaps", client)).Root!.Elements(Sm + "sitemap")
            .Select(s => new Uri((string)s.Element(Sm + "loc")!).PathAndQuery).Where(p => p.Contains("/articles/2013-07")).ToList();
        Assert.Equal(["/api/v1/sitemaps/articles/2013-07", "/api/v1/sitemaps/articles/2013-07?page=2", "/api/v1/sitemaps/articles/2013-07?page=3"],
            indexed);
        var pages = new List<List<string?>>();
        foreach (var page in indexed)
        {
            pages.Add((await Xml(page, client)).Root!.Elements(Sm + "url").Select(u => (string?)u.Element(Sm + "loc")).ToList());
        }
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(stories, pages.SelectMany(p => p)); // oldest first, each once
        Assert.Empty((await Xml("/api/v1/sitemaps/articles/2013-07?page=4", client)).Root!.Elements(Sm + "url"));
    }

    [Fact]
    public async Task A_sitemap_answers_304_to_if_modified_since_until_a_story_comes()
    {
        await Publish("2012-03-05T05:00:00Z");
        var first = await _public.GetAsync("/api/v1/sitemaps/articles/2012-03");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var lastModified = first.Content.Headers.LastModified!.Value;
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sitemaps/articles/2012-03");
        again.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _editor.SendAsync(again)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await Publish("2012-03-06T05:00:00Z");
        var after = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sitemaps/articles/2012-03");
        after.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.OK, (await _editor.SendAsync(after)).StatusCode);
    }

    private async Task<Dictionary<string, XElement>> NewsUrls() =>
        (await Xml("/api/v1/sitemaps/news")).Root!.Elements(Sm + "url")
        .ToDictionary(u => (string)u.Element(Sm + "loc")!, u => u.Element(News + "news")!);

    private async Task<JsonNode> Publish(string publishedAt, object? extra = null)
    {
        var article = await _editor.CreateArticle(new { status = "published", publishedAt, authors = await Byline() });
        if (extra is null)
        {
            return article;
        }
        var etag = (await _editor.GetAsync($"/api/v1/articles/{article["id"]}")).ETag();
        return await (await _editor.Patch($"/api/v1/articles/{article["id"]}", extra, etag)).Expect(HttpStatusCode.OK);
    }

    private async Task<object[]> Byline() => [new { authorId = (string)(_reporter ??= await _editor.CreateAuthor())["id"]! }];

    private async Task<XDocument> Xml(string url, HttpClient? client = null)
    {
        var response = await (client ?? _public).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("application/xml", "utf-8"), (response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.CharSet));
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

public sealed class SitemapTestsOnSqlite(SqliteDistributionFactory factory)
    : SitemapTests<SqliteDistributionFactory>(factory), IClassFixture<SqliteDistributionFactory>;

public sealed class SitemapTestsOnPostgres(PostgresDistributionFactory factory)
    : SitemapTests<PostgresDistributionFactory>(factory), IClassFixture<PostgresDistributionFactory>;

/// <summary>Without Site:BaseUrl there is no frontend to map.</summary>
public sealed class SitemapWithoutFrontendTests(SqliteCmsFactory factory) : IClassFixture<SqliteCmsFactory>
{
    [Fact]
    public async Task Sitemaps_are_404_problems_that_name_the_setting()
    {
        var client = factory.CreateAnonymousClient();
        foreach (var url in new[] { "/api/v1/sitemaps", "/api/v1/sitemaps/news", "/api/v1/sitemaps/tags", "/api/v1/sitemaps/articles/2024-06" })
        {
            var problem = await (await client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
            Assert.Contains("Site:BaseUrl", (string?)problem["detail"]);
        }
    }
}
