using Cms.Api.Site;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>The "more articles" box under a story.</summary>
public static class RelatedArticleEndpoints
{
    public const int MaxLimit = 20;

    public static RouteGroupBuilder MapRelatedArticles(this RouteGroupBuilder group)
    {
        group.MapGet("/{id}/related", Related).WithName("listRelatedArticles")
            .WithSummary("Articles related to one article")
            .WithDescription("Published articles sharing the most tags with this one, newer first among equals, never the article itself. "
                + "The article itself must be visible to the caller (404 otherwise). fields= selects fields as on listArticles.")
            .ProducesProblems(400, 404).RequireAuthorization(AccessSetup.Read);
        group.MapGet("/slug/{slug}/related", RelatedBySlug).WithName("listRelatedArticlesBySlug")
            .WithSummary("Articles related to one article, by its slug")
            .WithDescription("As listRelatedArticles, for a page routed by slug: the story and its \"more articles\" box in two requests "
                + "made at once. By a slug the article had before: 301 to the current one's.")
            .ProducesProblems(400, 404).ProducesSlugMoved().RequireAuthorization(AccessSetup.Read);
        return group;
    }

    private const string LimitDescription = "How many, 1 to 20 (default 5).";

    public static Task<Results<Ok<RelatedArticles>, JsonHttpResult<RelatedArticleFields>, ProblemHttpResult>> Related(
        Guid id, [FromQuery(Name = "limit"), Description(LimitDescription), Range(1, MaxLimit)] int? limit,
        [FromQuery(Name = "fields"), Description(ArticleListShape.FieldsDescription)] string? fields,
        CmsDbContext db, Media.Variants variants, SiteLinks site, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
        CancellationToken ct) =>
        ListAsync(db.Articles.Where(a => a.Id == id), limit, fields, db, variants, site, user, clock, http, ct);

    public static async Task<Results<Ok<RelatedArticles>, JsonHttpResult<RelatedArticleFields>, JsonHttpResult<SlugMoved>, ProblemHttpResult>> RelatedBySlug(
        string slug, [FromQuery(Name = "limit"), Description(LimitDescription), Range(1, MaxLimit)] int? limit,
        [FromQuery(Name = "fields"), Description(ArticleListShape.FieldsDescription)] string? fields,
        CmsDbContext db, ArticleReads reads, Media.Variants variants, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var found = await ListAsync(db.Articles.Where(a => a.Slug == slug), limit, fields, db, variants, site, user, clock, http, ct);
        return found.Result switch
        {
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } notFound =>
                await ArticleReadEndpoints.MovedAsync(slug, "/related", db, reads, user, clock.GetUtcNow(), http, ct) is { } moved
                    ? moved : notFound,
            Ok<RelatedArticles> ok => ok,
            JsonHttpResult<RelatedArticleFields> shaped => shaped,
            var problem => (ProblemHttpResult)problem,
        };
    }

    private static async Task<Results<Ok<RelatedArticles>, JsonHttpResult<RelatedArticleFields>, ProblemHttpResult>> ListAsync(
        IQueryable<Article> source, int? limit, string? fields, CmsDbContext db, Media.Variants variants, SiteLinks site,
        ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
        }
        var shape = ArticleListShape.Parse(fields, null, errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var now = clock.GetUtcNow();
        if (!Caller.Of(user).IsKeyed)
        {
            source = source.Where(ArticleVisibility.Visible(now));
        }
        if (await source.Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct) is not { } id)
        {
            return Problems.NotFound("article");
        }

        var tags = db.ArticleTags.Where(t => t.ArticleId == id).Select(t => t.TagId);
        var related = (await db.Articles.AsNoTracking()
            .Where(ArticleVisibility.Visible(now))
            .Where(a => a.Id != id)
            .Select(a => new { Article = a, Shared = a.Tags.Count(t => tags.Contains(t.TagId)) })
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared).ThenByDescending(x => x.Article.PublishedAt).ThenByDescending(x => x.Article.Id)
            .Select(x => x.Article)
            .Take(limit ?? 5)
            .Select(ArticleMappings.ToSummary(now, shape.IncludeBody))
            .ToListAsync(ct)).Select(r => r.WithVariants(variants).WithSite(site)).ToList();
        if (shape.Fields is null)
        {
            return TypedResults.Ok(new RelatedArticles(related));
        }
        var json = RequestBody.SerializerOptions(http);
        return TypedResults.Json(new RelatedArticleFields(related.Select(r => shape.Select(r, json)).ToList()), json);
    }
}

public sealed record RelatedArticles(IReadOnlyList<ArticleSummary> Data);

/// <summary>Related articles with only the fields asked for (fields=).</summary>
public sealed record RelatedArticleFields(IReadOnlyList<System.Text.Json.Nodes.JsonObject> Data);
