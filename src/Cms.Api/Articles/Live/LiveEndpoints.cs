using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using Cms.Data.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles.Live;

/// <summary>
/// Live coverage (docs/live.md): editors start and end a story's coverage; writers post updates and edit their own;
/// editors edit, delete and pin any. Every change takes the story's next sequence and is kept as an event of its stream
/// (<see cref="LiveEvent"/>) in the same save, so the stream, the polling answer (<c>?after=</c>) and a reconnect all
/// agree. After the save this replica's readers are woken; other replicas hear it from PostgreSQL (<see cref="LiveSignalStep"/>).
/// </summary>
public static partial class LiveEndpoints
{
    private const string Resource = "live update";
    private const string IfMatch = " Needs If-Match with the update's ETag (428 without it, 412 when stale).";

    public static void Map(RouteGroupBuilder articles)
    {
        var writer = AccessSetup.Policy(KeyRole.Writer);
        var editor = AccessSetup.Policy(KeyRole.Editor);
        articles.MapPost("/{id}/coverage/start", StartAsync).WithName("startLiveCoverage").WithTags("Live coverage")
            .WithSummary("Start (or reopen) a story's live coverage")
            .WithDescription("Marks the story live: updates may be posted, its read carries the newest of them, its JSON-LD is a "
                + "LiveBlogPosting. Reopens ended coverage (coverageEndedAt is cleared). Already live: nothing changes. Honours If-Match "
                + "with the article's ETag when sent.")
            .ProducesProblems(400, 403, 404, 412).RequireAuthorization(editor);
        articles.MapPost("/{id}/coverage/end", EndAsync).WithName("endLiveCoverage").WithTags("Live coverage")
            .WithSummary("End a story's live coverage")
            .WithDescription("Sets coverageEndedAt; the stream sends coverage.ended and closes, and new updates are refused (409) until "
                + "the coverage is started again. 409 when the story is not live. Honours If-Match with the article's ETag when sent.")
            .ProducesProblems(400, 403, 404, 409, 412).RequireAuthorization(editor);
        articles.MapGet("/{id}/updates", ListAsync).WithName("listLiveUpdates").WithTags("Live coverage")
            .WithSummary("List a live story's updates")
            .WithDescription("Newest first, the pinned update first, paged by cursor. With after (a sequence, e.g. the last lastSequence): "
                + "only the updates posted or changed since, oldest change first, and the ids of those deleted: a small answer for a "
                + "page polling every few seconds (cached, evicted by every change). Visibility as for getArticle; 404 for a story "
                + "without live coverage.")
            .ProducesProblems(400, 404, 410).WithCacheScope(ArticleReaderChanges.ById, "id", isId: true).RequireAuthorization(AccessSetup.Read);
        articles.MapGet("/{id}/updates/{updateId}", GetAsync).WithName("getLiveUpdate").WithTags("Live coverage")
            .WithSummary("Get one update of a live story")
            .WithDescription("Visibility as for getArticle. Its ETag is what If-Match takes when editing it.")
            .ProducesProblems(400, 404, 410).WithCacheScope(ArticleReaderChanges.ById, "id", isId: true).RequireAuthorization(AccessSetup.Read);
        articles.MapPost("/{id}/updates", PostAsync).WithName("postLiveUpdate").WithTags("Live coverage")
            .WithSummary("Post an update to a live story")
            .WithDescription("Writers and editors post; the update takes the story's next sequence and reaches every stream at once. "
                + "409 when the story is not live or its coverage has ended.")
            .Accepts<LiveUpdateWrite>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415, 422).RequireAuthorization(writer);
        articles.MapPut("/{id}/updates/{updateId}", EditAsync).WithName("editLiveUpdate").WithTags("Live coverage")
            .WithSummary("Edit an update")
            .WithDescription("Replaces its headline, body and bylines; editedAt is set and the stream sends update.edited. A writer edits "
                + "only the updates its key posted; editors edit any." + IfMatch)
            .Accepts<LiveUpdateWrite>("application/json").ProducesProblems(400, 403, 404, 412, 413, 415, 422, 428).RequireAuthorization(writer);
        articles.MapDelete("/{id}/updates/{updateId}", DeleteAsync).WithName("deleteLiveUpdate").WithTags("Live coverage")
            .WithSummary("Delete an update")
            .WithDescription("Editors only. The stream sends update.deleted with its id and sequence. Honours If-Match when sent.")
            .ProducesProblems(400, 403, 404, 412).RequireAuthorization(editor);
        articles.MapPost("/{id}/updates/{updateId}/pin", PinAsync).WithName("pinLiveUpdate").WithTags("Live coverage")
            .WithSummary("Pin an update to the top of its story")
            .WithDescription("Editors only. At most one update of a story is pinned: pinning another unpins the first (update.unpinned, "
                + "then update.pinned). Already pinned: nothing changes. Honours If-Match when sent.")
            .ProducesProblems(400, 403, 404, 412).RequireAuthorization(editor);
        articles.MapPost("/{id}/updates/{updateId}/unpin", UnpinAsync).WithName("unpinLiveUpdate").WithTags("Live coverage")
            .WithSummary("Unpin an update")
            .WithDescription("Editors only. Not pinned: nothing changes. Honours If-Match when sent.")
            .ProducesProblems(400, 403, 404, 412).RequireAuthorization(editor);
        LiveStream.Map(articles);
    }

    // ---- reads

    /// <summary>
    /// The story as a caller may see it, for reading its updates: keyed callers see every story, others only a visible
    /// one (410 once archived). Null with a problem when not, or when the story has no live coverage.
    /// </summary>
    internal static async Task<(LiveStory? Story, long LastSequence, DateTimeOffset? EndedAt, ProblemHttpResult? Problem)> ReadableAsync(
        CmsDbContext db, Guid id, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.Slug, a.Status, a.PublishedAt }).SingleOrDefaultAsync(ct);
        if (article is null)
        {
            return (null, 0, null, Problems.NotFound("article"));
        }
        if (!caller.IsKeyed && article.Status == ArticleStatus.Archived)
        {
            return (null, 0, null, Problems.Create(StatusCodes.Status410Gone, ErrorCodes.Gone, "This article has been withdrawn."));
        }
        if (!caller.IsKeyed && !ArticleVisibility.IsVisible(ArticleVisibility.Shown(article.Status, article.PublishedAt, now), article.PublishedAt, now))
        {
            return (null, 0, null, Problems.NotFound("article"));
        }
        var coverage = await db.LiveCoverages.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.LastSequence, c.EndedAt }).SingleOrDefaultAsync(ct);
        return coverage is null
            ? (null, 0, null, NotLive())
            : (new LiveStory(article.Id, article.Slug, article.PublishedAt), coverage.LastSequence, coverage.EndedAt, null);
    }

    private static ProblemHttpResult NotLive() =>
        Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "This article has no live coverage.");

    public static async Task<Results<Ok<LiveUpdatePage>, ProblemHttpResult>> ListAsync(
        Guid id,
        [FromQuery(Name = "cursor"), Description("Continue after the page that returned this nextCursor (opaque).")] string? cursor,
        [FromQuery(Name = "pageSize"), Description("Updates per page, 1 to 100 (default 20).")] int? pageSize,
        [FromQuery(Name = "after"), Description("Only what was posted, changed or deleted after this sequence (a lastSequence, or the stream's "
            + "last event id). Not with cursor.")] long? after,
        CmsDbContext db, LiveUpdates live, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0)
            {
                before = c;
            }
            else
            {
                errors["cursor"] = ["Not a cursor this list gave."];
            }
        }
        if (pageSize is < 1 or > LiveUpdates.MaxPageSize)
        {
            errors["pageSize"] = [$"Must be between 1 and {LiveUpdates.MaxPageSize}."];
        }
        if (after is < 0)
        {
            errors["after"] = ["Must be 0 or more."];
        }
        if (after is not null && cursor is not null)
        {
            errors["after"] = ["Not with cursor: after answers every change since, cursor pages back in time."];
        }
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var (story, last, _, problem) = await ReadableAsync(db, id, Caller.Of(user), clock.GetUtcNow(), ct);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await live.PageAsync(db, story!, last, before, after, pageSize ?? 20, ct));
    }

    public static async Task<Results<Ok<LiveUpdateResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, Guid updateId, CmsDbContext db, LiveUpdates live, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var (story, _, _, problem) = await ReadableAsync(db, id, Caller.Of(user), clock.GetUtcNow(), ct);
        if (problem is not null)
        {
            return problem;
        }
        var update = await db.LiveUpdates.AsNoTracking().SingleOrDefaultAsync(u => u.Id == updateId && u.ArticleId == id, ct);
        return Found.OrNotFound(http, update is null ? null : live.Map(update, story!), Resource);
    }
}
