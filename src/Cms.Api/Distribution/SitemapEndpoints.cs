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

/// <summary>
/// Sitemaps of the frontend's pages (Site:BaseUrl): an index of article sitemaps by month (UTC, from ListingMonth; at most
/// Site:SitemapPageSize URLs each, more pages when a month has more), sitemaps of tags and authors, and a Google News sitemap of
/// the last 48 hours. The readers' view, cached and evicted like the lists.
/// </summary>
public static class SitemapEndpoints
{
    public const string MediaType = "application/xml";

    public static IEndpointRouteBuilder MapSitemapEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sitemaps").WithTags("Distribution").CacheOutput(ContentCachePolicy.Name)
            .ProducesProblems(401, 404, 500, 503).RequireAuthorization(AccessSetup.Read).WithMetadata(ReaderDocument.Instance);
        const string needsBase = " 404 when Site:BaseUrl is not set: a sitemap lists the frontend's pages.";
        const string pageDescription = "The page, from 1: Site:SitemapPageSize URLs each (5,000 by default).";
        group.MapGet("", (Sitemaps s, HttpContext http, CancellationToken ct) => s.IndexAsync(http, ct))
            .WithName("getSitemapIndex").WithSummary("Sitemap index")
            .WithDescription("Links the article sitemaps, one per month of publication in the site's zone (more pages for a month of "
                + "more than Site:SitemapPageSize, 5,000 by default), each with its lastmod, and the sitemaps of tags, of authors, and the Google News sitemap." + needsBase)
            .Produces<string>(StatusCodes.Status200OK, MediaType);
        group.MapGet("/articles/{month}", ([Description("The month, yyyy-MM."), RegularExpression(@"^\d{4}-\d{2}$")] string month,
                [Description(pageDescription), Range(1, int.MaxValue)] int? page, Sitemaps s, HttpContext http, CancellationToken ct) =>
                s.MonthAsync(month, page ?? 1, http, ct))
            .WithName("getArticleSitemap").WithSummary("Sitemap of a month's articles")
            .WithDescription("The published articles of a month (yyyy-MM, UTC), oldest first, a page of Site:SitemapPageSize: each page's "
                + "url, its lastmod with the site's offset, and its lead image (image extension)." + needsBase)
            .Produces<string>(StatusCodes.Status200OK, MediaType).ProducesProblems(400);
        group.MapGet("/tags", ([Description(pageDescription), Range(1, int.MaxValue)] int? page, Sitemaps s, HttpContext http, CancellationToken ct) => s.TagsAsync(page ?? 1, http, ct))
            .WithName("getTagSitemap").WithSummary("Sitemap of tag pages")
            .WithDescription("Every tag's page with its lastmod, by slug, a page of Site:SitemapPageSize." + needsBase)
            .Produces<string>(StatusCodes.Status200OK, MediaType).ProducesProblems(400);
        group.MapGet("/authors", ([Description(pageDescription), Range(1, int.MaxValue)] int? page, Sitemaps s, HttpContext http, CancellationToken ct) => s.AuthorsAsync(page ?? 1, http, ct))
            .WithName("getAuthorSitemap").WithSummary("Sitemap of author pages")
            .WithDescription("Every author's page with its lastmod, by slug, a page of Site:SitemapPageSize." + needsBase)
            .Produces<string>(StatusCodes.Status200OK, MediaType).ProducesProblems(400);
        group.MapGet("/news", (Sitemaps s, HttpContext http, CancellationToken ct) => s.NewsAsync(http, ct))
            .WithName("getNewsSitemap").WithSummary("Google News sitemap")
            .WithDescription("The articles published in the last 48 hours, newest first, at most 1,000, with news:publication (Site:Name, "
                + "Site:Language), news:publication_date with the site's offset and news:title. A story appears on its minute and "
                + "leaves the moment it is withdrawn." + needsBase)
            .Produces<string>(StatusCodes.Status200OK, MediaType);
        return app;
    }
}
