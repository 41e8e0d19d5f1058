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

/// <summary>The writes of live coverage: each takes the story's next sequences and records its events in the same save.</summary>
public static partial class LiveEndpoints
{
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
