using Cms.Api.Site;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

/// <summary>
/// The article list: every filter, search, sort and paging mode through one query builder (<see cref="ArticleFilter"/>),
/// bylines and tags from each row's copies, and the total from <see cref="TotalCounts"/>.
/// </summary>
public static class ArticleList
{
    public static async Task<Results<Ok<Paged<ArticleSummary>>, JsonHttpResult<Paged<JsonObject>>, ProblemHttpResult>> List(
        [AsParameters] ArticleListQuery query, CmsDbContext db, ClaimsPrincipal user, TimeProvider clock,
        TotalCounts counts, IOptions<CmsOptions> options, Media.Variants variants, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = query.Check();
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        if (filter.Search is { } typed)
        {
            filter = filter with { Search = await db.Search.CompleteAsync(db, typed, ct) };
        }
        var now = clock.GetUtcNow();
        var (page, size) = (query.Paging.PageOrDefault, query.Paging.SizeOrDefault);
        var keyed = Caller.Of(user).IsKeyed;
        var skip = filter.Cursor?.Offset ?? (page - 1) * size;
        // One row more than the page tells whether there is a next page without counting.
        var rows = await Rows(filter, db, keyed, now, skip, size + 1, options.Value, ct);
        var next = rows.Count > size ? ArticleCursor.For(filter.Sort, rows[size - 1], skip + size) : null;
        rows = rows.Take(size).Select(r => r.WithVariants(variants).WithSite(site)).ToList();
        if (filter.Search is { } terms)
        {
            rows = rows.Select(r => r with
            {
                Highlight = SearchHighlighter.Highlight(terms, r.Language, r.Subtitle, r.Excerpt,
                    r.BodyHtml is null ? null : ContentRenderer.TextOfHtml(r.BodyHtml), r.Title),
                BodyHtml = null,
            }).ToList();
        }
        int? total = filter.Count
            ? await counts.GetAsync(filter.CountKey(keyed), token => Filtered(filter, db, keyed, now).CountAsync(token), ct)
            : null;
        var meta = new PageMeta(filter.Cursor is null ? page : null, size, total, total is null ? null : (total + size - 1) / size, next);
        if (filter.Shape.Fields is null)
        {
            return TypedResults.Ok(new Paged<ArticleSummary>(rows, meta));
        }
        var json = RequestBody.SerializerOptions(http);
        return TypedResults.Json(new Paged<JsonObject>(rows.Select(r => filter.Shape.Select(r, json)).ToList(), meta), json);
    }

    /// <summary>The articles the list shows, before order and paging: its filters and its search.</summary>
    private static IQueryable<Article> Filtered(ArticleFilter filter, CmsDbContext db, bool keyed, DateTimeOffset now)
    {
        var unsearched = filter.Where(db.Articles.AsNoTracking(), keyed, now);
        return filter.Search is { } search
            ? unsearched.Where(a => db.Search.Hits(db, search).Any(h => h.ArticleId == a.Id))
            : unsearched;
    }

    /// <summary>Any list's rows, built from its filter. A search reads the rendered body too, for the highlight.</summary>
    private static Task<List<ArticleSummary>> Rows(ArticleFilter filter, CmsDbContext db, bool keyed, DateTimeOffset now, int skip,
        int take, CmsOptions options, CancellationToken ct)
    {
        IQueryable<Article> ordered;
        if (filter.Sort == "relevance") // only with q
        {
            // The best match first; equal ranks newer first, as the list is.
            ordered = filter.Where(db.Articles.AsNoTracking(), keyed, now)
                .Join(db.Search.RankedHits(db, filter.Search!, options.SearchRecentCheckFromArticles), a => a.Id, h => h.ArticleId,
                    (a, h) => new { Article = a, h.Rank })
                .OrderByDescending(x => x.Rank).ThenBy(x => x.Article.PublishedAt == null)
                .ThenByDescending(x => x.Article.PublishedAt).ThenByDescending(x => x.Article.Id)
                .Select(x => x.Article).Skip(skip);
        }
        else
        {
            ordered = filter.Order(filter.Narrows(keyed)
                ? filter.Narrow(db, keyed, now, (filter.Cursor is null ? skip : 0) + take)
                : Filtered(filter, db, keyed, now), keyed);
            if (filter.Cursor is null)
            {
                ordered = ordered.Skip(skip);
            }
        }
        return ordered.Take(take)
            .Select(ArticleMappings.ToSummary(now, filter.Shape.IncludeBody, filter.Search is not null)).ToListAsync(ct);
    }
}
