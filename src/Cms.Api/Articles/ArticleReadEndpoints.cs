using System.ComponentModel;
using System.Security.Claims;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

/// <summary>One article read: by id, by slug (or a slug it had before), and as NewsArticle JSON-LD.</summary>
public static class ArticleReadEndpoints
{
    public static async Task<Results<Ok<ArticleResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, [FromQuery(Name = ContentCachePolicy.PersonalQuery), Description(PreviewParameter)] string? preview,
        CmsDbContext db, ArticleReads reads, ArticlePreviews previews, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var article = await reads.FindAsync(db, id, now, ct);
        return previews.Read(http, user, preview, article) ?? ArticleAccess.Read(http, Caller.Of(user), now, article);
    }

    private const string PreviewParameter = "A preview link's token (createArticlePreview): without a key, reads this article whatever its status.";

    public static async Task<Results<Ok<ArticleResponse>, JsonHttpResult<SlugMoved>, StatusCodeHttpResult, ProblemHttpResult>> GetBySlug(
        string slug, [FromQuery(Name = ContentCachePolicy.PersonalQuery), Description(PreviewParameter)] string? preview,
        CmsDbContext db, ArticleReads reads, ArticlePreviews previews, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var article = await reads.FindAsync(db, slug, now, ct);
        var read = previews.Read(http, user, preview, article) ?? ArticleAccess.Read(http, Caller.Of(user), now, article);
        return read.Result is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound }
            && await MovedAsync(slug, "", db, reads, user, now, http, ct) is { } moved
            ? moved
            : read.Result switch
            {
                Ok<ArticleResponse> ok => ok,
                StatusCodeHttpResult status => status,
                var problem => (ProblemHttpResult)problem!,
            };
    }

    /// <summary>
    /// A read by a slug the article had before: 301 to its current one (with <paramref name="suffix"/>, e.g. "/jsonld"),
    /// when the caller may read the article; null when no article had it or the caller may not see where it went.
    /// </summary>
    internal static async Task<JsonHttpResult<SlugMoved>?> MovedAsync(string slug, string suffix, CmsDbContext db, ArticleReads reads,
        ClaimsPrincipal user, DateTimeOffset now, HttpContext http, CancellationToken ct)
    {
        if (await SlugMoves.FindAsync(db, ArticleEndpoints.Resource, slug, ct) is not { } id)
        {
            return null;
        }
        var article = await reads.FindAsync(db, id, now, ct);
        return ArticleAccess.Read(http, Caller.Of(user), now, article).Result is Ok<ArticleResponse> { Value: { } current }
            ? SlugMoves.Moved(http, $"/api/v1/articles/slug/{current.Slug}{suffix}", current.Slug, current.Url)
            : null;
    }

    public static async Task<Results<JsonHttpResult<NewsArticleJsonLd>, JsonHttpResult<SlugMoved>, StatusCodeHttpResult, ProblemHttpResult>> GetJsonLd(
        string slug, CmsDbContext db, ArticleReads reads, Site.SiteLinks site, Media.Variants variants, ClaimsPrincipal user,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var origin = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
        return ArticleAccess.Read(http, Caller.Of(user), now, await reads.FindAsync(db, slug, now, ct)).Result switch
        {
            Ok<ArticleResponse> { Value: { } article } => TypedResults.Json(NewsArticles.Of(article, site, variants, origin),
                contentType: NewsArticles.MediaType),
            StatusCodeHttpResult notModified => notModified,
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } notFound =>
                await MovedAsync(slug, "/jsonld", db, reads, user, now, http, ct) is { } moved ? moved : notFound,
            var problem => (ProblemHttpResult)problem,
        };
    }
}
