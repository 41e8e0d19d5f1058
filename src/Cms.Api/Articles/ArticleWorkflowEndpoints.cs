using System.ComponentModel;
using System.Reflection;
using System.Security.Claims;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cms.Api.Articles;

/// <summary>The optional body of the publish action.</summary>
public sealed record PublishRequest(
    [property: Description("A time to come schedules the story for it; a past time publishes it now and is kept as its "
        + "publication time. Without one the article's own publishedAt is used (still to come: scheduled), and only an "
        + "article without one is published at the current time.")] DateTimeOffset? PublishAt = null) : IHasExample<PublishRequest>
{
    public static PublishRequest Example => new(new DateTimeOffset(2024, 6, 19, 12, 4, 0, TimeSpan.FromHours(7)));

    public static async ValueTask<PublishRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (context.Request.ContentLength == 0 || (context.Request.ContentLength is null && context.Request.ContentType is null))
        {
            return new PublishRequest();
        }
        var body = await RequestBody.ReadObjectAsync(context, "application/json");
        return RequestBody.Deserialize<PublishRequest>(context, body).Value;
    }
}

/// <summary>Publish, unpublish and archive: the editor's actions on a story.</summary>
public static class ArticleWorkflowEndpoints
{
    private const string Resource = "article";

    public static RouteGroupBuilder MapArticleWorkflow(this RouteGroupBuilder group)
    {
        var editor = AccessSetup.Policy(KeyRole.Editor);
        group.MapPost("/{id}/publish", Publish).WithName("publishArticle")
            .WithSummary("Publish or schedule an article")
            .WithDescription("Checks the article is complete (title, body, at least one byline; 422 lists what is missing), then publishes it now or, with a publishAt to come, schedules it: readers see it from that minute on. Honours If-Match when sent.")
            .Accepts<PublishRequest>(isOptional: true, "application/json")
            .ProducesProblems(400, 403, 404, 412, 415, 422).RequireAuthorization(editor);
        group.MapPost("/{id}/unpublish", Unpublish).WithName("unpublishArticle")
            .WithSummary("Take an article back to draft")
            .WithDescription("Readers no longer see it (404). Its publication time is kept. Honours If-Match when sent.")
            .ProducesProblems(400, 403, 404, 412).RequireAuthorization(editor);
        group.MapPost("/{id}/archive", Archive).WithName("archiveArticle")
            .WithSummary("Archive an article")
            .WithDescription("Takes a story down for good: readers get 410 Gone. Honours If-Match when sent.")
            .ProducesProblems(400, 403, 404, 412).RequireAuthorization(editor);
        return group;
    }

    public static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> Publish(
        Guid id, PublishRequest request, CmsDbContext db, ArticleReads reads, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => ArticleEndpoints.LoadForWriteAsync(db, id, ct), Resource, requireIfMatch: false);
        if (problem is not null)
        {
            return problem;
        }
        var missing = Missing(article);
        if (missing.Count > 0)
        {
            return Problems.ValidationFailed(missing);
        }
        var now = Versions.Now(clock);
        // The article's own time when it has one (a draft imported with its date, a story unpublished and put back).
        article.PublishedAt = request.PublishAt ?? article.PublishedAt ?? now;
        article.Status = ArticleVisibility.Stored(ArticleStatus.Published, article.PublishedAt, now);
        return await ArticleEndpoints.SaveChangedAsync(article, db, reads, now, user, http, ct);
    }

    public static Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> Unpublish(
        Guid id, CmsDbContext db, ArticleReads reads, TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        MoveAsync(id, ArticleStatus.Draft, db, reads, clock, user, http, ct);

    public static Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> Archive(
        Guid id, CmsDbContext db, ArticleReads reads, TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        MoveAsync(id, ArticleStatus.Archived, db, reads, clock, user, http, ct);

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> MoveAsync(
        Guid id, ArticleStatus status, CmsDbContext db, ArticleReads reads, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => ArticleEndpoints.LoadForWriteAsync(db, id, ct), Resource, requireIfMatch: false);
        if (problem is not null)
        {
            return problem;
        }
        article.Status = status;
        return await ArticleEndpoints.SaveChangedAsync(article, db, reads, Versions.Now(clock), user, http, ct);
    }

    private static Dictionary<string, string[]> Missing(Article article)
    {
        var missing = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(article.Title))
        {
            missing["title"] = ["A published article needs a title."];
        }
        if (string.IsNullOrWhiteSpace(article.Body))
        {
            missing["body"] = ["A published article needs a body."];
        }
        if (article.Authors.Count == 0)
        {
            missing["authors"] = ["A published article needs at least one byline."];
        }
        return missing;
    }
}
