using System.ComponentModel;
using Cms.Api.Articles;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Site;
using Cms.Api.Keys;
using Cms.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Distribution;

/// <summary>
/// RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest published articles: site-wide, of a tag, of an author. Always the
/// readers' view (a key sees no drafts here), cached and evicted like the lists, with an ETag and a Last-Modified.
/// </summary>
public static class FeedEndpoints
{
    /// <summary>How many articles a feed carries.</summary>
    public const int Size = 50;

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/feeds").WithTags("Distribution").CacheOutput(ContentCachePolicy.Name)
            .ProducesProblems(400, 401, 404, 500, 503).RequireAuthorization(AccessSetup.Read).WithMetadata(ReaderDocument.Instance);
        const string what = "The newest 50 published articles, site-wide or of one tag or author (tag, author: slugs), or a collection's items "
            + "in its order (collection: its slug), with every byline, "
            + "the lead image with its caption and credit, tags as categories, a stable id (urn:uuid), the summary, and the whole "
            + "article as HTML when Site:FullContentInFeeds is on. Times carry the site's offset. Answers 304 to If-None-Match "
            + "(ETag) and to If-Modified-Since (Last-Modified: the newest publication or change among the items).";
        group.MapGet("/rss", ([AsParameters] FeedFilter q, Feeds feeds, HttpContext http, CancellationToken ct) => feeds.AnswerAsync(q, FeedFormat.Rss, http, ct))
            .WithName("getRssFeed").WithCacheStep(Collections.ViewBuckets.Size).WithSummary("RSS 2.0 feed of the newest articles")
            .WithDescription(what + " Bylines as dc:creator, the image as Media RSS (media:content).")
            .Produces<string>(StatusCodes.Status200OK, FeedFormat.Rss.MediaType);
        group.MapGet("/atom", ([AsParameters] FeedFilter q, Feeds feeds, HttpContext http, CancellationToken ct) => feeds.AnswerAsync(q, FeedFormat.Atom, http, ct))
            .WithName("getAtomFeed").WithCacheStep(Collections.ViewBuckets.Size).WithSummary("Atom 1.0 feed of the newest articles")
            .WithDescription(what + " The image as Media RSS (media:content).")
            .Produces<string>(StatusCodes.Status200OK, FeedFormat.Atom.MediaType);
        group.MapGet("/json", ([AsParameters] FeedFilter q, Feeds feeds, HttpContext http, CancellationToken ct) => feeds.AnswerAsync(q, FeedFormat.Json, http, ct))
            .WithName("getJsonFeed").WithCacheStep(Collections.ViewBuckets.Size).WithSummary("JSON Feed 1.1 of the newest articles")
            .WithDescription(what + " The image's caption and credit in the item's _image extension.")
            .Produces<JsonFeed>(StatusCodes.Status200OK, FeedFormat.Json.MediaType);
        return app;
    }
}

/// <summary>Which articles a feed carries.</summary>
public sealed record FeedFilter(
    [property: FromQuery(Name = "tag"), Description("Only articles with this tag (its slug).")] string? Tag,
    [property: FromQuery(Name = "author"), Description("Only articles by this author (its slug).")] string? Author,
    [property: FromQuery(Name = "collection"), Description("The items of this collection (its slug), in its order, instead of the newest "
        + "articles: e.g. for a Google News Showcase panel. Not with tag or author.")] string? Collection = null);

public sealed record FeedFormat(string Name, string MediaType)
{
    public static readonly FeedFormat Rss = new("rss", "application/rss+xml");
    public static readonly FeedFormat Atom = new("atom", "application/atom+xml");
    public static readonly FeedFormat Json = new("json", "application/feed+json");
}

/// <summary>A feed's channel: what it is of, where it is, and where it is read.</summary>
public sealed record FeedChannel(string Title, string Description, string Link, string Self, string Language, string? Logo,
    DateTimeOffset Updated);

/// <summary>An article as a feed item, its urls absolute and its times in the site's zone.</summary>
public sealed record FeedItem(Guid Id, string Title, string Summary, string Link, string Language, DateTimeOffset Published,
    DateTimeOffset Updated, IReadOnlyList<FeedPerson> Authors, IReadOnlyList<FeedCategory> Categories, FeedImage? Image, string? ContentHtml)
{
    /// <summary>The id no rename changes.</summary>
    public string Guid => $"urn:uuid:{Id:D}";
}

public sealed record FeedPerson(string Name, string? Url);

public sealed record FeedCategory(string Slug, string Name, string? Url);

public sealed record FeedImage(string Url, string ContentType, int? Width, int? Height, string? Alt, string? Caption, string? Credit);

/// <summary>Reads a feed's articles and writes it in the format asked for.</summary>
public sealed class Feeds(CmsDbContext db, SiteLinks site, Media.Variants variants, Collections.CollectionItems collections, TimeProvider clock,
    IOptions<Articles.Live.LiveOptions> live)
{
    private sealed record Row(Guid Id, string Slug, string Title, string Excerpt, string Language, DateTimeOffset? PublishedAt,
        DateTimeOffset UpdatedAt, FeatureImage? Image, List<Byline> Authors, List<TagSummary> Tags, string? BodyHtml, string? BodyAssetsJson,
        List<Correction> Corrections, bool Live)
    {
        /// <summary>A live story's newest updates (Live:UpdatesInFeeds), newest first; none otherwise.</summary>
        public List<Cms.Data.Live.LiveUpdate> Updates { get; set; } = [];
    }

    public async Task<Results<ContentHttpResult, JsonHttpResult<JsonFeed>, StatusCodeHttpResult, ProblemHttpResult>> AnswerAsync(
        FeedFilter query, FeedFormat format, HttpContext http, CancellationToken ct)
    {
        query = new FeedFilter(string.IsNullOrWhiteSpace(query.Tag) ? null : query.Tag, string.IsNullOrWhiteSpace(query.Author) ? null : query.Author,
            string.IsNullOrWhiteSpace(query.Collection) ? null : query.Collection);
        var title = site.Title;
        DateTimeOffset? since = null;
        List<Guid>? chosen = null;
        if (query.Collection is { } collectionSlug)
        {
            if (query.Tag is not null || query.Author is not null)
            {
                return Problems.InvalidParameters(new Dictionary<string, string[]> { ["collection"] = ["A collection's feed has its own items: not with tag or author."] });
            }
            var now = clock.GetUtcNow();
            if (await collections.FindAsync(collectionSlug, now, ct) is not { } arranged)
            {
                return Problems.NotFound("collection");
            }
            chosen = (await collections.ShowAsync(arranged, now, preview: false, withBody: false, ct)).Select(s => s.Id).ToList();
            (title, since) = ($"{title}: {arranged.Collection.Name}", arranged.Collection.UpdatedAt);
        }
        if (query.Tag is { } tagSlug)
        {
            var tag = await db.Tags.AsNoTracking().Where(t => t.Slug == tagSlug).Select(t => new { t.Name, t.UpdatedAt }).SingleOrDefaultAsync(ct);
            if (tag is null)
            {
                return Problems.NotFound("tag");
            }
            (title, since) = ($"{title}: {tag.Name}", tag.UpdatedAt);
        }
        if (query.Author is { } authorSlug)
        {
            var author = await db.Authors.AsNoTracking().Where(a => a.Slug == authorSlug).Select(a => new { a.Name, a.UpdatedAt })
                .SingleOrDefaultAsync(ct);
            if (author is null)
            {
                return Problems.NotFound("author");
            }
            (title, since) = ($"{title}: {author.Name}", since > author.UpdatedAt ? since : author.UpdatedAt);
        }

        var origin = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
        var rows = await RowsAsync(query, chosen, ct);
        await WithLiveUpdatesAsync(rows, ct);
        var items = rows.Select(r => Item(r, origin)).ToList();
        // Readers keep what they have seen: what makes a feed new is an item published or changed since.
        var lastModified = items.Count == 0 ? since : items.Max(i => i.Updated > i.Published ? i.Updated : i.Published);
        if (lastModified is { } modified)
        {
            http.Response.Headers.LastModified = modified.ToUniversalTime().ToString("R");
            if (Preconditions.NotModifiedSince(http, modified))
            {
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }
        }
        var self = new Uri(origin, http.Request.Path.Value!.TrimStart('/') + http.Request.QueryString).AbsoluteUri;
        var channel = new FeedChannel(title, site.Description ?? $"{title}: the newest articles", site.Home ?? origin.AbsoluteUri, self,
            site.Language, site.LogoUrl, site.Local(lastModified ?? DateTimeOffset.UnixEpoch)!.Value);
        return format.Name switch
        {
            "rss" => TypedResults.Text(FeedDocuments.Rss(channel, items), format.MediaType + "; charset=utf-8"),
            "atom" => TypedResults.Text(FeedDocuments.Atom(channel, items), format.MediaType + "; charset=utf-8"),
            _ => TypedResults.Json(FeedDocuments.Json(channel, items), contentType: format.MediaType + "; charset=utf-8"),
        };
    }

    /// <summary>
    /// The newest visible articles, through the list's own query (a tag or author page walks its link index); or, of a
    /// collection, its items in its order.
    /// </summary>
    private async Task<List<Row>> RowsAsync(FeedFilter query, List<Guid>? chosen, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (chosen is not null)
        {
            var rows = await Select(db.Articles.AsNoTracking().Where(a => chosen.Contains(a.Id))).ToListAsync(ct);
            return rows.OrderBy(r => chosen.IndexOf(r.Id)).ToList();
        }
        var filter = new ArticleFilter(null, null, query.Tag is null ? [] : [query.Tag], false, query.Author, null, null, null, null,
            "-publishedAt", null, false, new ArticleListShape(null, false));
        var articles = filter.Narrows(keyed: false)
            ? filter.Narrow(db, keyed: false, now, FeedEndpoints.Size)
            : filter.Where(db.Articles.AsNoTracking(), keyed: false, now);
        return await Select(filter.Order(articles, keyed: false).Take(FeedEndpoints.Size)).ToListAsync(ct);
    }

    private IQueryable<Row> Select(IQueryable<Cms.Data.Articles.Article> articles)
    {
        var full = site.FullContentInFeeds;
        return articles
            .Select(a => new Row(a.Id, a.Slug, a.Title, a.Excerpt, a.Language, a.PublishedAt, a.UpdatedAt,
                ArticleLinks.Image(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit, a.FeatureImageAssetId,
                    a.FeatureImageAssetJson),
                ArticleLinks.Bylines(a.BylinesJson), ArticleLinks.Tags(a.TagsJson),
                full ? a.BodyHtml : null, full ? a.BodyAssetsJson : null, ArticleLinks.Corrections(a.CorrectionsJson), a.HasLiveCoverage));
    }

    /// <summary>
    /// The newest updates of the live stories among the rows, when Live:UpdatesInFeeds asks for them: one query for all of
    /// them (each update with fewer than that many newer ones in its story).
    /// </summary>
    private async Task WithLiveUpdatesAsync(List<Row> rows, CancellationToken ct)
    {
        var count = live.Value.UpdatesInFeeds;
        var ids = rows.Where(r => r.Live).Select(r => r.Id).ToList();
        if (count == 0 || ids.Count == 0)
        {
            return;
        }
        var updates = await db.LiveUpdates.AsNoTracking()
            .Where(u => ids.Contains(u.ArticleId) && db.LiveUpdates.Count(n => n.ArticleId == u.ArticleId && n.Sequence > u.Sequence) < count)
            .ToListAsync(ct);
        foreach (var row in rows.Where(r => r.Live))
        {
            row.Updates = updates.Where(u => u.ArticleId == row.Id).OrderByDescending(u => u.Sequence).ToList();
        }
    }

    private FeedItem Item(Row r, Uri origin)
    {
        // Feeds give whole seconds: RFC 822 has no fractions, and every format then says the same time.
        static DateTimeOffset Whole(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));
        var published = Whole(site.Local(r.PublishedAt)!.Value);
        var link = site.Article(r.Id, r.Slug, r.PublishedAt) ?? new Uri(origin, $"api/v1/articles/slug/{r.Slug}").AbsoluteUri;
        string? content = null;
        if (r.BodyHtml is { } html)
        {
            var filled = BodyImages.Fill(html, ArticleLinks.BodyAssets(r.BodyAssetsJson!), variants);
            content = ContentRenderer.WithAbsoluteUrls(filled, origin);
        }
        // Correction notes follow the summary and the content, as readers of the story see them.
        var summary = string.Join(" ", r.Corrections.Select(c => c.Text).Prepend(r.Excerpt));
        if (content is not null)
        {
            content += string.Concat(r.Corrections.Select(c => $"<p class=\"correction\"><time datetime=\"{site.Local(c.At):yyyy-MM-ddTHH:mm:sszzz}\">"
                + $"{site.Local(c.At):yyyy-MM-dd HH:mm}</time> {System.Net.WebUtility.HtmlEncode(c.Text)}</p>"));
        }
        var updated = r.UpdatedAt;
        if (r.Updates.Count > 0)
        {
            // A live story's newest updates follow, each with its anchor on the story's page.
            content = (content ?? "") + "<section class=\"live-updates\">" + string.Concat(r.Updates.Select(u =>
                $"<article id=\"update-{u.Id:D}\"><time datetime=\"{site.Local(u.PublishedAt):yyyy-MM-ddTHH:mm:sszzz}\">"
                + $"{site.Local(u.PublishedAt):yyyy-MM-dd HH:mm}</time>"
                + (u.Headline is { } h ? $"<h3>{System.Net.WebUtility.HtmlEncode(h)}</h3>" : "")
                + ContentRenderer.WithAbsoluteUrls(u.BodyHtml, origin) + "</article>")) + "</section>";
            var newest = r.Updates.Max(u => u.EditedAt ?? u.PublishedAt);
            updated = newest > updated ? newest : updated;
        }
        return new FeedItem(r.Id, r.Title, summary, link, r.Language, published, Whole(site.Local(updated)!.Value),
            r.Authors.Select(b => new FeedPerson(b.Name, site.Author(b.Id, b.Slug))).ToList(),
            r.Tags.Select(t => new FeedCategory(t.Slug, t.Name, site.Tag(t.Id, t.Slug))).ToList(),
            LeadImages.Of(r.Image, variants, origin), content);
    }
}

/// <summary>A lead image as feeds and sitemaps give it.</summary>
public static class LeadImages
{
    /// <summary>
    /// The lead image as a reader shows it: of an asset, the JPEG of its own ratio closest above 1200 px wide (else the
    /// widest); an external one as it is.
    /// </summary>
    public static FeedImage? Of(FeatureImage? lead, Media.Variants variants, Uri origin)
    {
        if (lead is null)
        {
            return null;
        }
        if (lead.Asset is { IsVector: false } asset)
        {
            var jpegs = variants.Widths(asset).Where(v => v.Format == Media.ImageFormat.Jpeg.Extension).ToList();
            if ((jpegs.FirstOrDefault(v => v.Width >= 1200) ?? jpegs.LastOrDefault()) is { } best)
            {
                return new FeedImage(new Uri(origin, best.Url).AbsoluteUri, Media.ImageFormat.Jpeg.ContentType, best.Width, best.Height,
                    lead.Alt, lead.Caption, lead.Credit);
            }
        }
        var url = new Uri(origin, lead.Url);
        var path = url.AbsolutePath;
        var type = lead.Asset?.ContentType
            ?? Media.ImageFormat.Stored.FirstOrDefault(f => path.EndsWith("." + f.Extension, StringComparison.OrdinalIgnoreCase))?.ContentType
            ?? Media.ImageFormat.Jpeg.ContentType;
        return new FeedImage(url.AbsoluteUri, type, lead.Width, lead.Height, lead.Alt, lead.Caption, lead.Credit);
    }
}
