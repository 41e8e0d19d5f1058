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
            .WithDescription("Published articles sharing the most tags with this one, newer first among equals, never the article itself. The article itself must be visible to the caller (404 otherwise).")
            .ProducesProblems(400, 404).RequireAuthorization(AccessSetup.Read);
        return group;
    }

    public static async Task<Results<Ok<RelatedArticles>, ProblemHttpResult>> Related(
        Guid id, [FromQuery(Name = "limit"), Description("How many, 1 to 20 (default 5)."), Range(1, MaxLimit)] int? limit,
        CmsDbContext db, Media.Variants variants, SiteLinks site, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.InvalidParameters(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxLimit}."] });
        }
        var now = clock.GetUtcNow();
        var source = db.Articles.Where(a => a.Id == id);
        if (!Caller.Of(user).IsKeyed)
        {
            source = source.Where(ArticleVisibility.Visible(now));
        }
        if (!await source.AnyAsync(ct))
        {
            return Problems.NotFound("article");
        }

        var tags = db.ArticleTags.Where(t => t.ArticleId == id).Select(t => t.TagId);
        var related = await db.Articles.AsNoTracking()
            .Where(ArticleVisibility.Visible(now))
            .Where(a => a.Id != id)
            .Select(a => new { Article = a, Shared = a.Tags.Count(t => tags.Contains(t.TagId)) })
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared).ThenByDescending(x => x.Article.PublishedAt).ThenByDescending(x => x.Article.Id)
            .Select(x => x.Article)
            .Take(limit ?? 5)
            .Select(ArticleMappings.ToSummary(now))
            .ToListAsync(ct);
        return TypedResults.Ok(new RelatedArticles(related.Select(r => r.WithVariants(variants).WithSite(site)).ToList()));
    }
}

public sealed record RelatedArticles(IReadOnlyList<ArticleSummary> Data);
