using System.ComponentModel;
using System.Security.Claims;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>Who holds an article's edit lock, and until when.</summary>
public sealed record ArticleLockResponse(
    Guid ArticleId,
    [property: Description("The key or person that holds it.")] Guid KeyId,
    [property: Description("That key's or person's name when it took the lock.")] string KeyName,
    DateTimeOffset AcquiredAt,
    [property: Description("When it lapses unless renewed (five minutes after it was last taken or renewed).")] DateTimeOffset ExpiresAt);

/// <summary>The holder of a lock, as a 423 problem names it.</summary>
public sealed record LockHolder(Guid KeyId, string KeyName);

/// <summary>
/// Edit locks: advisory, so that two editors do not work on one story unawares. A key takes an article's lock for
/// <see cref="Duration"/> and renews it by taking it again; another key asking for it gets 423 with who holds it and
/// until when, and may take it over explicitly. The holder's save (PUT or PATCH) releases it, and so does a DELETE.
/// Saves never check it: If-Match still guards every one (a stale save is 412 whoever holds the lock).
/// </summary>
public static class ArticleLocks
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    public static void Map(RouteGroupBuilder articles)
    {
        var writer = AccessSetup.Policy(KeyRole.Writer);
        articles.MapPost("/{id}/lock", TakeAsync).WithName("lockArticle").WithSummary("Take or renew an article's edit lock")
            .WithDescription("Holds the article for this key for five minutes; taking it again renews it. Held by another key: 423 "
                + "naming it (lockedBy, lockedUntil), unless takeover=true, which takes it from them. Advisory: saves do not check it, "
                + "If-Match guards them. The holder's PUT or PATCH releases it.")
            .ProducesProblems(400, 403, 404, 409, 423).RequireAuthorization(writer);
        articles.MapGet("/{id}/lock", GetAsync).WithName("getArticleLock").WithSummary("Who holds an article's edit lock")
            .WithDescription("The lock while it is held; 404 when nobody holds it (or the article does not exist).")
            .ProducesProblems(400, 404).RequireAuthorization(writer);
        articles.MapGet("/locks", ListAsync).WithName("listArticleLocks").WithSummary("Every edit lock held now")
            .WithDescription("The locks held now, soonest to lapse first: one request for a desk to show who is editing which story. "
                + "Locks lapse five minutes after they were last taken, so there are as many as stories being edited.")
            .ProducesProblems().RequireAuthorization(writer);
        articles.MapDelete("/{id}/lock", UnlockAsync).WithName("unlockArticle").WithSummary("Release an article's edit lock")
            .WithDescription("Releases this key's lock; nothing to release is fine too. Held by another key: 423 (take it over first).")
            .ProducesProblems(400, 403, 404, 423).RequireAuthorization(writer);
    }

    private static async Task<Results<Ok<ArticleLockResponse>, ProblemHttpResult>> TakeAsync(
        Guid id, [FromQuery(Name = "takeover"), Description("Take the lock from the key that holds it.")] bool? takeover,
        CmsDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("article");
        }
        var keyId = Caller.Of(user).KeyId!.Value;
        // Keys taking the lock at once: one insert or update wins, the others find the winner on their next look.
        for (var attempt = 0; ; attempt++)
        {
            var now = Versions.Now(clock);
            var held = await db.ArticleLocks.SingleOrDefaultAsync(l => l.ArticleId == id, ct);
            if (held is not null && held.KeyId != keyId && held.ExpiresAt > now && takeover != true)
            {
                return Locked(held);
            }
            if (held is null)
            {
                held = new ArticleLock { ArticleId = id, KeyId = keyId, KeyName = "", AcquiredAt = now };
                db.ArticleLocks.Add(held);
            }
            else if (held.KeyId != keyId || held.ExpiresAt <= now)
            {
                (held.KeyId, held.AcquiredAt) = (keyId, now);
            }
            held.KeyName = user.FindFirstValue(ClaimTypes.Name) ?? "";
            held.ExpiresAt = now + Duration;
            held.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(Response(held));
            }
            catch (DbUpdateException)
            {
                if (attempt == 2)
                {
                    return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                        "The lock changed hands three times while you asked for it; ask again.");
                }
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<Results<Ok<ArticleLockResponse>, ProblemHttpResult>> GetAsync(
        Guid id, CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var held = await db.ArticleLocks.AsNoTracking().SingleOrDefaultAsync(l => l.ArticleId == id && l.ExpiresAt > now, ct);
        return held is null
            ? Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Nobody holds this article's lock (or there is no such article).")
            : TypedResults.Ok(Response(held));
    }

    private static async Task<Ok<List<ArticleLockResponse>>> ListAsync(CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var held = await db.ArticleLocks.AsNoTracking().Where(l => l.ExpiresAt > now).OrderBy(l => l.ExpiresAt)
            .Select(l => new ArticleLockResponse(l.ArticleId, l.KeyId, l.KeyName, l.AcquiredAt, l.ExpiresAt)).ToListAsync(ct);
        return TypedResults.Ok(held);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnlockAsync(
        Guid id, CmsDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("article");
        }
        var now = clock.GetUtcNow();
        var keyId = Caller.Of(user).KeyId!.Value;
        var held = await db.ArticleLocks.AsNoTracking().SingleOrDefaultAsync(l => l.ArticleId == id, ct);
        if (held is not null && held.KeyId != keyId && held.ExpiresAt > now)
        {
            return Locked(held);
        }
        await ReleaseAsync(db, id, keyId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Releases this key's lock on the article, if it holds one (after its save, or on request).</summary>
    public static Task ReleaseAsync(CmsDbContext db, Guid articleId, Guid? keyId, CancellationToken ct) =>
        db.ArticleLocks.Where(l => l.ArticleId == articleId && l.KeyId == keyId).ExecuteDeleteAsync(ct);

    private static ArticleLockResponse Response(ArticleLock l) => new(l.ArticleId, l.KeyId, l.KeyName, l.AcquiredAt, l.ExpiresAt);

    private static ProblemHttpResult Locked(ArticleLock held) =>
        Problems.Create(StatusCodes.Status423Locked, ErrorCodes.Locked,
            $"{held.KeyName} holds this article's lock until {held.ExpiresAt:u}. Ask again with takeover=true to take it from them.",
            extensions: new Dictionary<string, object?>
            {
                ["lockedBy"] = new LockHolder(held.KeyId, held.KeyName), ["lockedUntil"] = held.ExpiresAt,
            });
}
