using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Xml;
using Cms.Api.Articles;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Site;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Distribution;

/// <summary>Reads and writes the sitemaps.</summary>
public sealed class Sitemaps(CmsDbContext db, SiteLinks site, Media.Variants variants, TimeProvider clock)
{
    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string ImageNs = "http://www.google.com/schemas/sitemap-image/1.1";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    /// <summary>How far back the Google News sitemap looks, and how many it lists at most (Google's limits).</summary>
    public static readonly TimeSpan NewsWindow = TimeSpan.FromHours(48);

    public const int NewsLimit = 1000;

    private sealed record Entry(string Loc, DateTimeOffset? LastModified, FeedImage? Image = null);

    public async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> IndexAsync(HttpContext http, CancellationToken ct)
    {
        if (NoFrontend() is { } problem)
        {
            return problem;
        }
        // The months from their kept counts (ListingMonth), not from the archive: the index reads a row per month.
        var now = clock.GetUtcNow();
        var months = (await db.ListingMonths.AsNoTracking().Where(m => m.Listed > 0).OrderBy(m => m.Month).ToListAsync(ct))
            .Where(m => ListingMonth.Bounds(m.Month).Start <= now).ToList();
        var tags = await db.Tags.CountAsync(ct);
        var tagsChanged = tags == 0 ? null : await db.Tags.MaxAsync(t => (DateTimeOffset?)t.UpdatedAt, ct);
        var authors = await db.Authors.CountAsync(ct);
        var authorsChanged = authors == 0 ? null : await db.Authors.MaxAsync(a => (DateTimeOffset?)a.UpdatedAt, ct);

        var origin = Origin(http);
        var sitemaps = new List<Entry>();
        foreach (var month in months)
        {
            var name = $"{month.Month / 100:D4}-{month.Month % 100:D2}";
            // A scheduled story's time still to come: the month changes then; until then say now.
            var changed = month.ChangedAt > now ? now : month.ChangedAt;
            sitemaps.AddRange(Pages(month.Listed).Select(p => new Entry(Url(origin, $"articles/{name}", p), changed)));
        }
        sitemaps.AddRange(Pages(tags).Select(p => new Entry(Url(origin, "tags", p), tagsChanged)));
        sitemaps.AddRange(Pages(authors).Select(p => new Entry(Url(origin, "authors", p), authorsChanged)));
        sitemaps.Add(new Entry(Url(origin, "news", 1), null));
        var modified = sitemaps.Max(s => s.LastModified);
        return Answer(http, modified, w =>
        {
            w.WriteStartElement("sitemapindex", SitemapNs);
            foreach (var sitemap in sitemaps)
            {
                w.WriteStartElement("sitemap", SitemapNs);
                w.WriteElementString("loc", SitemapNs, sitemap.Loc);
                if (sitemap.LastModified is { } at)
                {
                    w.WriteElementString("lastmod", SitemapNs, FeedDocuments.Rfc3339(site.Local(at)!.Value));
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
    }

    public async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> MonthAsync(string month, int page, HttpContext http,
        CancellationToken ct)
    {
        if (NoFrontend() is { } problem)
        {
            return problem;
        }
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return Problems.InvalidParameters(new Dictionary<string, string[]> { ["month"] = ["A month as yyyy-MM, e.g. 2024-06."] });
        }
        if (BadPage(page) is { } badPage)
        {
            return badPage;
        }
        var now = clock.GetUtcNow();
        var (start, end) = ListingMonth.Bounds(parsed.Year * 100 + parsed.Month);
        var rows = await db.Articles.AsNoTracking().Where(ArticleVisibility.Visible(now))
            .Where(a => a.PublishedAt >= start && a.PublishedAt < end)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Skip((page - 1) * site.SitemapPageSize).Take(site.SitemapPageSize)
            .Select(a => new
            {
                a.Id, a.Slug, a.PublishedAt, a.UpdatedAt,
                Image = ArticleLinks.Image(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit,
                    a.FeatureImageAssetId, a.FeatureImageAssetJson),
            })
            .ToListAsync(ct);
        var origin = Origin(http);
        var entries = rows.Select(r => new Entry(site.Article(r.Id, r.Slug, r.PublishedAt)!, Later(r.UpdatedAt, r.PublishedAt),
            LeadImages.Of(r.Image, variants, origin))).ToList();
        return UrlSet(http, entries);
    }

    public async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> TagsAsync(int page, HttpContext http, CancellationToken ct)
    {
        if ((NoFrontend() ?? BadPage(page)) is { } problem)
        {
            return problem;
        }
        var rows = await db.Tags.AsNoTracking().OrderBy(t => t.Slug).Skip((page - 1) * site.SitemapPageSize).Take(site.SitemapPageSize)
            .Select(t => new { t.Id, t.Slug, t.UpdatedAt }).ToListAsync(ct);
        return UrlSet(http, rows.Select(r => new Entry(site.Tag(r.Id, r.Slug)!, r.UpdatedAt)).ToList());
    }

    public async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> AuthorsAsync(int page, HttpContext http, CancellationToken ct)
    {
        if ((NoFrontend() ?? BadPage(page)) is { } problem)
        {
            return problem;
        }
        var rows = await db.Authors.AsNoTracking().OrderBy(a => a.Slug).Skip((page - 1) * site.SitemapPageSize).Take(site.SitemapPageSize)
            .Select(a => new { a.Id, a.Slug, a.UpdatedAt }).ToListAsync(ct);
        return UrlSet(http, rows.Select(r => new Entry(site.Author(r.Id, r.Slug)!, r.UpdatedAt)).ToList());
    }

    public async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> NewsAsync(HttpContext http, CancellationToken ct)
    {
        if (NoFrontend() is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        var since = now - Sitemaps.NewsWindow;
        var rows = await db.Articles.AsNoTracking().Where(ArticleVisibility.Visible(now)).Where(a => a.PublishedAt >= since)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(NewsLimit)
            .Select(a => new { a.Id, a.Slug, a.Title, a.PublishedAt, a.UpdatedAt })
            .ToListAsync(ct);
        var modified = rows.Count == 0 ? (DateTimeOffset?)null : rows.Max(r => Later(r.UpdatedAt, r.PublishedAt));
        return Answer(http, modified, w =>
        {
            w.WriteStartElement("urlset", SitemapNs);
            w.WriteAttributeString("xmlns", "news", null, NewsNs);
            foreach (var r in rows)
            {
                w.WriteStartElement("url", SitemapNs);
                w.WriteElementString("loc", SitemapNs, site.Article(r.Id, r.Slug, r.PublishedAt));
                w.WriteStartElement("news", NewsNs);
                w.WriteStartElement("publication", NewsNs);
                w.WriteElementString("name", NewsNs, site.Title);
                w.WriteElementString("language", NewsNs, site.Language);
                w.WriteEndElement();
                w.WriteElementString("publication_date", NewsNs, FeedDocuments.Rfc3339(site.Local(r.PublishedAt)!.Value));
                w.WriteElementString("title", NewsNs, r.Title);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
    }

    private Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> UrlSet(HttpContext http, List<Entry> entries) =>
        Answer(http, entries.Count == 0 ? null : entries.Max(e => e.LastModified), w =>
        {
            w.WriteStartElement("urlset", SitemapNs);
            w.WriteAttributeString("xmlns", "image", null, ImageNs);
            foreach (var entry in entries)
            {
                w.WriteStartElement("url", SitemapNs);
                w.WriteElementString("loc", SitemapNs, entry.Loc);
                if (entry.LastModified is { } at)
                {
                    w.WriteElementString("lastmod", SitemapNs, FeedDocuments.Rfc3339(site.Local(at)!.Value));
                }
                if (entry.Image is { } image)
                {
                    w.WriteStartElement("image", ImageNs);
                    w.WriteElementString("loc", ImageNs, image.Url);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });

    private static Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Answer(HttpContext http, DateTimeOffset? modified,
        Action<XmlWriter> write)
    {
        if (modified is { } at)
        {
            http.Response.Headers.LastModified = at.ToUniversalTime().ToString("R");
            if (Preconditions.NotModifiedSince(http, at))
            {
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }
        }
        return TypedResults.Text(FeedDocuments.Xml(write), SitemapEndpoints.MediaType + "; charset=utf-8");
    }

    private ProblemHttpResult? NoFrontend() => site.Home is null
        ? Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
            "Sitemaps list the frontend's pages: set Site:BaseUrl to the frontend's origin to have them.")
        : null;

    private static ProblemHttpResult? BadPage(int page) => page < 1
        ? Problems.InvalidParameters(new Dictionary<string, string[]> { ["page"] = ["A page number from 1."] })
        : null;

    private IEnumerable<int> Pages(int count) => Enumerable.Range(1, Math.Max(1, (count + site.SitemapPageSize - 1) / site.SitemapPageSize));

    private static Uri Origin(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    private static string Url(Uri origin, string path, int page) =>
        new Uri(origin, $"api/v1/sitemaps/{path}" + (page > 1 ? $"?page={page}" : "")).AbsoluteUri;

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset? b) => (a > b ? a : b ?? a)!.Value;
}
