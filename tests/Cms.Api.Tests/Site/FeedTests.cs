using System.Net;
using System.Text.Json.Nodes;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cms.Api.Tests.Site;

/// <summary>
/// RSS, Atom and JSON Feed, read back with real parsers: System.ServiceModel.Syndication (strict about RSS and Atom:
/// malformed XML or dates throw) and CodeHollow.FeedReader (JSON Feed 1.1).
/// </summary>
public abstract class FeedTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();
    private JsonNode? _reporter;

    /// <summary>A published story needs a byline: this test's one reporter.</summary>
    private async Task<object[]> Byline() => [new { authorId = (string)(_reporter ??= await _editor.CreateAuthor())["id"]! }];

    [Fact]
    public async Task Every_format_parses_with_every_byline_the_image_the_tags_and_the_wib_time()
    {
        var (rina, budi) = (await _editor.CreateAuthor("Rina Wartawan"), await _editor.CreateAuthor("Budi Fotografer"));
        var (tag, other) = (await _editor.CreateTag(), await _editor.CreateTag());
        var photo = await _editor.UploadPhoto(2400, 1600, alt: "Putin", credit: "Presiden Rusia, Vladimir Putin/Net");
        var article = await _editor.CreateArticle(new
        {
            title = "Putin tiba di Pyongyang", body = "Putin & Kim < bertemu > di Pyongyang.", status = "published",
            publishedAt = "2024-06-19T05:04:00Z",
            featureImage = new { assetId = (string)photo["id"]!, caption = "Putin di bandara" },
            authors = new[] { new { authorId = (string)rina["id"]! }, new { authorId = (string)budi["id"]! } },
            tags = new[] { new { tagId = (string)tag["id"]! }, new { tagId = (string)other["id"]! } },
        });
        await _editor.CreateArticle(new { title = "Draf rahasia", tags = new[] { new { tagId = (string)tag["id"]! } } });
        var query = $"?tag={tag["slug"]}";

        var rssResponse = await _public.GetAsync($"/api/v1/feeds/rss{query}");
        var rssText = await Text(rssResponse, "application/rss+xml");
        var rss = Parse(rssText);
        var item = Assert.Single(rss.Items);
        Assert.Equal(("Putin tiba di Pyongyang", $"urn:uuid:{article["id"]}", (string?)article["url"]),
            (item.Title.Text, item.Id, item.Links.Single().Uri.AbsoluteUri));
        Assert.Equal(new DateTimeOffset(2024, 6, 19, 12, 4, 0, TimeSpan.FromHours(7)), item.PublishDate);
        Assert.Equal(TimeSpan.FromHours(7), item.PublishDate.Offset);
        Assert.Contains("<pubDate>Wed, 19 Jun 2024 12:04:00 +0700</pubDate>", rssText);
        Assert.Equal(["Rina Wartawan", "Budi Fotografer"], item.ElementExtensions.ReadElementExtensions<string>("creator", Dc.NamespaceName));
        Assert.Equal([(string)tag["name"]!, (string)other["name"]!], item.Categories.Select(c => c.Name));
        Assert.Equal($"https://www.contoh.id/tag/{tag["slug"]}", item.Categories[0].Scheme);
        var media = XElement.Parse(item.ElementExtensions.Single(e => e.OuterNamespace == Media.NamespaceName).GetObject<XElement>().ToString());
        var imageUrl = new Uri((string)media.Attribute("url")!);
        Assert.True(imageUrl.IsAbsoluteUri);
        Assert.Equal(("image/jpeg", "image", "Putin di bandara", "Presiden Rusia, Vladimir Putin/Net"),
            ((string?)media.Attribute("type"), (string?)media.Attribute("medium"), (string?)media.Element(Media + "description"),
                (string?)media.Element(Media + "credit")));
        // The narrowest JPEG of the photo's own ratio at least 1200 px wide: the w1280 preset.
        Assert.Equal(("1280", "853"), ((string?)media.Attribute("width"), (string?)media.Attribute("height")));
        using (var served = NetVips.Image.NewFromBuffer(await _public.GetByteArrayAsync(imageUrl.AbsolutePath)))
        {
            Assert.Equal((1280, 853), (served.Width, served.Height));
        }
        // The whole article (Site:FullContentInFeeds), its text escaped as HTML.
        var encoded = (string)XDocument.Parse(rssText).Descendants(Content + "encoded").Single();
        Assert.Contains("Putin &amp; Kim &lt; bertemu &gt; di Pyongyang.", encoded);

        var atomText = await Text(await _public.GetAsync($"/api/v1/feeds/atom{query}"), "application/atom+xml");
        var entry = Assert.Single(Parse(atomText).Items);
        Assert.Equal(($"urn:uuid:{article["id"]}", "Putin tiba di Pyongyang"), (entry.Id, entry.Title.Text));
        Assert.Equal(new DateTimeOffset(2024, 6, 19, 12, 4, 0, TimeSpan.FromHours(7)), entry.PublishDate);
        Assert.Contains("<published>2024-06-19T12:04:00+07:00</published>", atomText);
        Assert.Equal([("Rina Wartawan", $"https://www.contoh.id/about/{rina["slug"]}"), ("Budi Fotografer", $"https://www.contoh.id/about/{budi["slug"]}")],
            entry.Authors.Select(a => (a.Name, a.Uri)));
        Assert.Equal([(string)tag["slug"]!, (string)other["slug"]!], entry.Categories.Select(c => c.Name));
        Assert.Equal((string?)article["excerpt"], entry.Summary.Text);
        Assert.Contains("Putin &amp; Kim", ((TextSyndicationContent)entry.Content).Text);

        var jsonResponse = await _public.GetAsync($"/api/v1/feeds/json{query}");
        var json = FeedReader.ReadFromString(await Text(jsonResponse, "application/feed+json"));
        Assert.Equal(FeedType.JsonFeed, json.Type);
        var jsonItem = (CodeHollow.FeedReader.Feeds.JsonFeedItem)Assert.Single(json.Items).SpecificItem;
        Assert.Equal(($"urn:uuid:{article["id"]}", (string?)article["url"], "2024-06-19T12:04:00+07:00", imageUrl.AbsoluteUri),
            (jsonItem.Id, jsonItem.Url, jsonItem.DatePublishedString, jsonItem.Image));
        Assert.Equal(["Rina Wartawan", "Budi Fotografer"], jsonItem.Authors.Select(a => a.Name));
        Assert.Equal([(string)tag["name"]!, (string)other["name"]!], jsonItem.Tags);
        Assert.Contains("Putin &amp; Kim", jsonItem.ContentHtml);
        var raw = await (await _public.GetAsync($"/api/v1/feeds/json{query}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("Putin di bandara", "Presiden Rusia, Vladimir Putin/Net"),
            ((string?)raw["items"]![0]!["_image"]!["caption"], (string?)raw["items"]![0]!["_image"]!["credit"]));
    }

    [Fact]
    public async Task A_feed_is_of_its_author_or_tag_and_of_published_stories_only()
    {
        var (tag, author) = (await _editor.CreateTag(), await _editor.CreateAuthor());
        var byAuthor = await _editor.CreateArticle(new
        {
            status = "published", publishedAt = "2024-06-19T05:04:00Z", authors = new[] { new { authorId = (string)author["id"]! } },
        });
        var tagged = await _editor.PublishArticle(Http.Unique("Bertanda"), tag);
        await _editor.CreateArticle(new { authors = new[] { new { authorId = (string)author["id"]! } } }); // a draft
        await _editor.CreateArticle(new
        {
            status = "scheduled", publishedAt = factory.Clock.GetUtcNow().AddDays(1).ToString("O"),
            authors = new[] { new { authorId = (string)author["id"]! } },
        });

        Assert.Equal([$"urn:uuid:{byAuthor["id"]}"], Parse(await Text(await _editor.GetAsync($"/api/v1/feeds/rss?author={author["slug"]}"),
            "application/rss+xml")).Items.Select(i => i.Id));
        Assert.Equal([$"urn:uuid:{tagged["id"]}"], Parse(await Text(await _public.GetAsync($"/api/v1/feeds/atom?tag={tag["slug"]}"),
            "application/atom+xml")).Items.Select(i => i.Id));
        var site = Parse(await Text(await _public.GetAsync("/api/v1/feeds/rss"), "application/rss+xml"));
        Assert.Contains($"urn:uuid:{byAuthor["id"]}", site.Items.Select(i => i.Id));
        Assert.InRange(site.Items.Count(), 2, 50);

        var unknownTag = await (await _public.GetAsync("/api/v1/feeds/rss?tag=tidak-ada")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("tag", (string?)unknownTag["detail"]);
        await (await _public.GetAsync("/api/v1/feeds/json?author=tidak-ada")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_feed_carries_the_newest_fifty()
    {
        var tag = await _editor.CreateTag();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 51; i++)
        {
            var article = await _editor.CreateArticle(new
            {
                status = "published", publishedAt = start.AddHours(i).ToString("O"), tags = new[] { new { tagId = (string)tag["id"]! } },
                authors = await Byline(),
            });
            ids.Add($"urn:uuid:{article["id"]}");
        }
        var feed = Parse(await Text(await _public.GetAsync($"/api/v1/feeds/rss?tag={tag["slug"]}"), "application/rss+xml"));
        Assert.Equal(Enumerable.Reverse(ids).Take(50), feed.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Conditional_gets_answer_304_until_a_story_is_published()
    {
        var tag = await _editor.CreateTag();
        await _editor.PublishArticle(Http.Unique("Pertama"), tag);
        var url = $"/api/v1/feeds/atom?tag={tag["slug"]}";
        var first = await _public.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var (etag, lastModified) = (first.Headers.ETag!, first.Content.Headers.LastModified!.Value);

        var byTag = new HttpRequestMessage(HttpMethod.Get, url);
        byTag.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _public.SendAsync(byTag)).StatusCode);
        foreach (var client in new[] { _public, _editor }) // cached and uncached
        {
            var byDate = new HttpRequestMessage(HttpMethod.Get, url);
            byDate.Headers.IfModifiedSince = lastModified;
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(byDate)).StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await _editor.CreateArticle(new
        {
            status = "published", publishedAt = factory.Clock.GetUtcNow().ToString("O"), tags = new[] { new { tagId = (string)tag["id"]! } },
            authors = await Byline(),
        });
        foreach (var client in new[] { _public, _editor })
        {
            var byDate = new HttpRequestMessage(HttpMethod.Get, url);
            byDate.Headers.IfModifiedSince = lastModified;
            var changed = await client.SendAsync(byDate);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.True(changed.Content.Headers.LastModified > lastModified);
            var byTagAgain = new HttpRequestMessage(HttpMethod.Get, url);
            byTagAgain.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(byTagAgain)).StatusCode);
        }
    }

    [Fact]
    public async Task A_scheduled_story_appears_in_a_cached_feed_on_its_minute()
    {
        var tag = await _editor.CreateTag();
        await _editor.PublishArticle(Http.Unique("Sudah Terbit"), tag);
        var scheduled = await _editor.CreateArticle(new
        {
            status = "scheduled", publishedAt = factory.Clock.GetUtcNow().AddMinutes(1).ToString("O"),
            tags = new[] { new { tagId = (string)tag["id"]! } }, authors = await Byline(),
        });
        var url = $"/api/v1/feeds/json?tag={tag["slug"]}";
        Assert.Single((await (await _public.GetAsync(url)).Expect(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Single((await (await _public.GetAsync(url)).Expect(HttpStatusCode.OK))["items"]!.AsArray());

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var feed = await (await _public.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal($"urn:uuid:{scheduled["id"]}", (string?)feed["items"]![0]!["id"]);
    }

    [Fact]
    public async Task Photos_in_the_body_have_absolute_urls_in_a_feed()
    {
        var tag = await _editor.CreateTag();
        var photo = await _editor.UploadPhoto(1600, 900, alt: "Suasana sidang");
        await _editor.CreateArticle(new
        {
            body = $"Sidang dimulai.\n\n![Suasana sidang](asset:{photo["id"]})", status = "published", publishedAt = "2024-06-19T05:04:00Z",
            tags = new[] { new { tagId = (string)tag["id"]! } }, authors = await Byline(),
        });
        var feed = await (await _public.GetAsync($"/api/v1/feeds/json?tag={tag["slug"]}")).Expect(HttpStatusCode.OK);
        var html = (string)feed["items"]![0]!["content_html"]!;
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var img = document.QuerySelector("picture img")!;
        Assert.StartsWith("http://localhost/media/", img.GetAttribute("src"));
        Assert.All(img.GetAttribute("srcset")!.Split(", "), candidate => Assert.StartsWith("http://localhost/media/", candidate));
        Assert.All(document.QuerySelectorAll("picture source"),
            source => Assert.All(source.GetAttribute("srcset")!.Split(", "), c => Assert.StartsWith("http://localhost/media/", c)));
    }

    private static async Task<string> Text(HttpResponseMessage response, string mediaType)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((mediaType, "utf-8"), (response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.CharSet));
        return await response.Content.ReadAsStringAsync();
    }

    private static SyndicationFeed Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        return SyndicationFeed.Load(reader);
    }
}

/// <summary>A frontend in Jakarta, whole articles in feeds, and a clock the test moves.</summary>
public sealed class SqliteDistributionFactory : SqliteCmsFactory, IClockFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. SiteTests.Frontend, new("Site:FullContentInFeeds", "true")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <inheritdoc cref="SqliteDistributionFactory"/>
public sealed class PostgresDistributionFactory : PostgresCmsFactory, IClockFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. SiteTests.Frontend, new("Site:FullContentInFeeds", "true")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class FeedTestsOnSqlite(SqliteDistributionFactory factory) : FeedTests<SqliteDistributionFactory>(factory), IClassFixture<SqliteDistributionFactory>;

public sealed class FeedTestsOnPostgres(PostgresDistributionFactory factory) : FeedTests<PostgresDistributionFactory>(factory), IClassFixture<PostgresDistributionFactory>;
