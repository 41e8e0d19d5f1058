using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data.Articles;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cms.Api.Articles;

/// <summary>What a writer may do beyond the route's policy: drafts only, from start to finish.</summary>
public static class ArticleAccess
{
    public static ProblemHttpResult? CheckWrite(Caller caller, ArticleStatus? current, ArticleStatus next) =>
        caller.Can(KeyRole.Editor) || ((current is null or ArticleStatus.Draft) && next == ArticleStatus.Draft)
            ? null
            : Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "A writer works on drafts. Publishing, scheduling, archiving, and changing or deleting a story "
                + "that is not a draft, take an editor's key.");

    /// <summary>
    /// What one article shows a caller: keyed callers see everything; others see it only once it is
    /// published and its time has come (410 once archived, 404 before), without who changed it.
    /// </summary>
    public static Results<Ok<ArticleResponse>, StatusCodeHttpResult, ProblemHttpResult> Read(
        HttpContext http, Caller caller, DateTimeOffset now, ArticleResponse? article)
    {
        if (article is not null && !caller.IsKeyed)
        {
            if (article.Status == ArticleStatus.Archived)
            {
                return Problems.Create(StatusCodes.Status410Gone, ErrorCodes.Gone, "This article has been withdrawn.");
            }
            article = ArticleVisibility.IsVisible(article.Status, article.PublishedAt, now)
                ? article.ForReaders()
                : null;
        }
        if (article?.Live is not null)
        {
            // Its updates change the read without changing the story's row: the tag is "{version}.{hash}", which If-Match
            // still takes as the version (EntityTags).
            Delivery.EntityTags.SetVersion(http, article.Version);
            return TypedResults.Ok(article);
        }
        return Found.OrNotFound(http, article, "article");
    }
}
