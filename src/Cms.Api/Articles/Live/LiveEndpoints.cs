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
public static class LiveEndpoints
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

    // ---- writes

    /// <summary>A write in progress: the story and its coverage, tracked, for one attempt.</summary>
    private sealed record Story(Article Article, LiveCoverage? Coverage)
    {
        public LiveStory Ref => new(Article.Id, Article.Slug, Article.PublishedAt);
    }

    private static async Task<Story?> LoadAsync(CmsDbContext db, Guid id, CancellationToken ct)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == id, ct);
        return article is null ? null : new Story(article, await db.LiveCoverages.SingleOrDefaultAsync(c => c.Id == id, ct));
    }

    /// <summary>
    /// Runs a write, again from the start if another write took the story's sequence meanwhile (the coverage's
    /// <see cref="LiveCoverage.LastSequence"/> is its concurrency token), then wakes this replica's readers.
    /// </summary>
    private static async Task<T> SequencedAsync<T>(CmsDbContext db, LiveStreams streams, Guid id, Func<Task<T>> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                var result = await attempt();
                streams.Signal(id);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (tries < 10)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static void AddEvent<T>(CmsDbContext db, LiveCoverage coverage, LiveEventKind kind, Guid? updateId, T data,
        JsonSerializerOptions json, DateTimeOffset now, long? sequence = null) =>
        db.LiveEvents.Add(new LiveEvent
        {
            ArticleId = coverage.Id, Sequence = sequence ?? coverage.Next(), Kind = kind, UpdateId = updateId,
            DataJson = JsonSerializer.Serialize(data, json), At = now,
        });

    public static Task<Results<Ok<LiveCoverageResponse>, ProblemHttpResult>> StartAsync(
        Guid id, CmsDbContext db, LiveUpdates live, LiveStreams streams, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        SequencedAsync<Results<Ok<LiveCoverageResponse>, ProblemHttpResult>>(db, streams, id, async () =>
        {
            if (await LoadAsync(db, id, ct) is not { } story)
            {
                return Problems.NotFound("article");
            }
            if (Preconditions.CheckIfMatch(http, story.Article.Version) is { } stale)
            {
                return stale;
            }
            var now = Versions.Now(clock);
            if (story.Coverage is null)
            {
                db.LiveCoverages.Add(new LiveCoverage { Id = id, StartedAt = now });
            }
            else
            {
                story.Coverage.EndedAt = null;
            }
            // Also after a restore from the trash, which brings the story back without its mark.
            story.Article.HasLiveCoverage = true;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok((await live.CoverageAsync(db, story.Ref, live.UpdatesInArticle, ct))!);
        });

    public static Task<Results<Ok<LiveCoverageResponse>, ProblemHttpResult>> EndAsync(
        Guid id, CmsDbContext db, LiveUpdates live, LiveStreams streams, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        SequencedAsync<Results<Ok<LiveCoverageResponse>, ProblemHttpResult>>(db, streams, id, async () =>
        {
            if (await LoadAsync(db, id, ct) is not { } story)
            {
                return Problems.NotFound("article");
            }
            if (Preconditions.CheckIfMatch(http, story.Article.Version) is { } stale)
            {
                return stale;
            }
            if (story.Coverage is not { EndedAt: null } coverage)
            {
                return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    story.Coverage is null ? "This article has no live coverage." : "This story's live coverage has already ended.");
            }
            var now = Versions.Now(clock);
            coverage.EndedAt = now;
            AddEvent(db, coverage, LiveEventKind.CoverageEnded, null, new LiveCoverageEnded(coverage.StartedAt, now),
                json.Value.SerializerOptions, now);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok((await live.CoverageAsync(db, story.Ref, live.UpdatesInArticle, ct))!);
        });

    public static Task<Results<Created<LiveUpdateResponse>, ProblemHttpResult>> PostAsync(
        Guid id, JsonBody<LiveUpdateWrite> body, CmsDbContext db, LiveUpdates live, LiveStreams streams, Media.Variants variants,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ClaimsPrincipal user, HttpContext http,
        CancellationToken ct) =>
        SequencedAsync<Results<Created<LiveUpdateResponse>, ProblemHttpResult>>(db, streams, id, async () =>
        {
            if (await LoadAsync(db, id, ct) is not { } story)
            {
                return Problems.NotFound("article");
            }
            if (story.Coverage is not { EndedAt: null } coverage)
            {
                return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict, story.Coverage is null
                    ? "This article has no live coverage: start it first (startLiveCoverage)."
                    : "This story's live coverage has ended: start it again to post updates.");
            }
            var now = Versions.Now(clock);
            var sequence = coverage.Next();
            var update = new LiveUpdate
            {
                ArticleId = id, Sequence = sequence, ChangedSequence = sequence, Body = "", BodyHtml = "", PublishedAt = now,
                CreatedByKeyId = Caller.Of(user).KeyId, UpdatedByKeyId = Caller.Of(user).KeyId,
            };
            await LiveText.ApplyAsync(update, body.Value, db, variants, ct);
            db.LiveUpdates.Add(update);
            var shown = live.Map(update, story.Ref);
            AddEvent(db, coverage, LiveEventKind.UpdateCreated, update.Id, shown, json.Value.SerializerOptions, now, sequence);
            await db.SaveChangesAsync(ct);
            http.Response.Headers.ETag = Preconditions.ETag(update.Version);
            return TypedResults.Created($"/api/v1/articles/{id}/updates/{update.Id}", shown with { Version = update.Version });
        });

    public static async Task<Results<Ok<LiveUpdateResponse>, ProblemHttpResult>> EditAsync(
        Guid id, Guid updateId, JsonBody<LiveUpdateWrite> body, CmsDbContext db, LiveUpdates live, LiveStreams streams,
        Media.Variants variants, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct)
    {
        if (Preconditions.RequireIfMatch(http) is { } missing)
        {
            return missing;
        }
        return await ChangeAsync(id, updateId, db, streams, http, user, async (story, coverage, update) =>
        {
            var now = Versions.Now(clock);
            await LiveText.ApplyAsync(update, body.Value, db, variants, ct);
            update.EditedAt = now;
            update.UpdatedByKeyId = Caller.Of(user).KeyId;
            update.ChangedSequence = coverage.Next();
            AddEvent(db, coverage, LiveEventKind.UpdateEdited, update.Id, live.Map(update, story.Ref), json.Value.SerializerOptions, now,
                update.ChangedSequence);
            await db.SaveChangesAsync(ct);
            return Written(http, live.Map(update, story.Ref));
        }, ct);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid updateId, CmsDbContext db, LiveStreams streams, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var result = await ChangeAsync<NoContent>(id, updateId, db, streams, http, user, async (_, coverage, update) =>
        {
            var now = Versions.Now(clock);
            db.LiveUpdates.Remove(update);
            AddEvent(db, coverage, LiveEventKind.UpdateDeleted, update.Id, new LiveUpdateDeleted(update.Id, update.Sequence),
                json.Value.SerializerOptions, now);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }, ct);
        return result.Result switch { NoContent n => n, var p => (ProblemHttpResult)p };
    }

    public static Task<Results<Ok<LiveUpdateResponse>, ProblemHttpResult>> PinAsync(
        Guid id, Guid updateId, CmsDbContext db, LiveUpdates live, LiveStreams streams,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ClaimsPrincipal user, HttpContext http,
        CancellationToken ct) =>
        ChangeAsync(id, updateId, db, streams, http, user, async (story, coverage, update) =>
        {
            if (!update.Pinned)
            {
                var now = Versions.Now(clock);
                foreach (var other in await db.LiveUpdates.Where(u => u.ArticleId == id && u.Pinned).ToListAsync(ct))
                {
                    other.Pinned = false;
                    other.ChangedSequence = coverage.Next();
                    AddEvent(db, coverage, LiveEventKind.UpdateUnpinned, other.Id, live.Map(other, story.Ref), json.Value.SerializerOptions,
                        now, other.ChangedSequence);
                }
                update.Pinned = true;
                update.ChangedSequence = coverage.Next();
                AddEvent(db, coverage, LiveEventKind.UpdatePinned, update.Id, live.Map(update, story.Ref), json.Value.SerializerOptions,
                    now, update.ChangedSequence);
                await db.SaveChangesAsync(ct);
            }
            return Written(http, live.Map(update, story.Ref));
        }, ct);

    public static Task<Results<Ok<LiveUpdateResponse>, ProblemHttpResult>> UnpinAsync(
        Guid id, Guid updateId, CmsDbContext db, LiveUpdates live, LiveStreams streams,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ClaimsPrincipal user, HttpContext http,
        CancellationToken ct) =>
        ChangeAsync(id, updateId, db, streams, http, user, async (story, coverage, update) =>
        {
            if (update.Pinned)
            {
                update.Pinned = false;
                update.ChangedSequence = coverage.Next();
                AddEvent(db, coverage, LiveEventKind.UpdateUnpinned, update.Id, live.Map(update, story.Ref), json.Value.SerializerOptions,
                    Versions.Now(clock), update.ChangedSequence);
                await db.SaveChangesAsync(ct);
            }
            return Written(http, live.Map(update, story.Ref));
        }, ct);

    private static Ok<LiveUpdateResponse> Written(HttpContext http, LiveUpdateResponse update)
    {
        http.Response.Headers.ETag = Preconditions.ETag(update.Version);
        return TypedResults.Ok(update);
    }

    /// <summary>A change of one existing update: found in its story (404), fresh (412), the caller's to change (403).</summary>
    private static Task<Results<T, ProblemHttpResult>> ChangeAsync<T>(Guid id, Guid updateId, CmsDbContext db, LiveStreams streams,
        HttpContext http, ClaimsPrincipal user, Func<Story, LiveCoverage, LiveUpdate, Task<T>> change, CancellationToken ct)
        where T : IResult =>
        SequencedAsync<Results<T, ProblemHttpResult>>(db, streams, id, async () =>
        {
            var story = await LoadAsync(db, id, ct);
            var update = story?.Coverage is null ? null
                : await db.LiveUpdates.SingleOrDefaultAsync(u => u.Id == updateId && u.ArticleId == id, ct);
            if (update is null)
            {
                return Problems.NotFound(Resource);
            }
            if (Preconditions.CheckIfMatch(http, update.Version) is { } stale)
            {
                return stale;
            }
            var caller = Caller.Of(user);
            if (!caller.Can(KeyRole.Editor) && update.CreatedByKeyId != caller.KeyId)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                    "A writer edits only the updates its key posted; an editor edits any.");
            }
            return await change(story!, story!.Coverage!, update);
        });
}
