using System.Security.Claims;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Collections;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Collections;

/// <summary>
/// A collection's arrangements: the history (every arrangement that was in effect, with who made it), the one in effect,
/// and those to come, which take effect on their minute through every cache and replica and can be changed or cancelled
/// until then. Restoring one makes a copy of it the arrangement in effect.
/// </summary>
public static class CollectionArrangements
{
    private const string Resource = "arrangement";

    public static void Map(RouteGroupBuilder group, string editor)
    {
        group.MapGet("/{slug}/arrangements", List).WithName("listCollectionArrangements")
            .WithSummary("List a collection's arrangements, to come and past")
            .WithDescription("Newest effectiveAt first: those to come (upcoming), the one in effect (current), then the history (past), each "
                + "with its chosen items, who made it and when.")
            .ProducesProblems(400, 403, 404).RequireAuthorization(AccessSetup.Policy(KeyRole.Writer));
        group.MapPost("/{slug}/arrangements", Schedule).WithName("scheduleCollectionArrangement")
            .WithSummary("Schedule an arrangement of a manual collection")
            .WithDescription("Prepares the chosen items for later (tomorrow morning's homepage): from effectiveAt, to the minute, every "
                + "reader of every replica sees them, and webhooks get collection.updated. Until then it can be changed or cancelled.")
            .Accepts<ArrangementWrite>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415, 422).RequireAuthorization(editor);
        group.MapPut("/{slug}/arrangements/{id}", Replace).WithName("replaceCollectionArrangement")
            .WithSummary("Change an arrangement still to come")
            .WithDescription("Replaces its time and items. Needs If-Match with the arrangement's ETag (428, 412). One that has taken "
                + "effect is history: 409 (restore it instead).")
            .Accepts<ArrangementWrite>("application/json").ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapDelete("/{slug}/arrangements/{id}", Cancel).WithName("cancelCollectionArrangement")
            .WithSummary("Cancel an arrangement still to come")
            .WithDescription("Deletes it; 409 once it has taken effect (history is kept). Honours If-Match when sent.")
            .ProducesProblems(400, 403, 404, 409, 412).RequireAuthorization(editor);
        group.MapPost("/{slug}/arrangements/{id}/restore", Restore).WithName("restoreCollectionArrangement")
            .WithSummary("Restore an earlier arrangement")
            .WithDescription("Makes a copy of a past (or the current) arrangement the one in effect from now; the history keeps both. Needs "
                + "If-Match with the collection's ETag (428, 412).")
            .ProducesProblems(400, 403, 404, 409, 412, 428).RequireAuthorization(editor);
    }

    public static async Task<Results<Ok<Paged<ArrangementResponse>>, ProblemHttpResult>> List(
        string slug, [AsParameters] PageQuery paging, CmsDbContext db, SiteLinks site, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        if (await db.Collections.AsNoTracking().Where(c => c.Slug == slug).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct) is not { } id)
        {
            return Problems.NotFound(CollectionEndpoints.Resource);
        }
        var now = clock.GetUtcNow();
        var current = await db.CollectionArrangements.Where(a => a.CollectionId == id && a.EffectiveAt <= now)
            .OrderByDescending(a => a.EffectiveAt).ThenByDescending(a => a.Id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        var page = await paging.ToPagedAsync(db.CollectionArrangements.AsNoTracking().Where(a => a.CollectionId == id)
            .OrderByDescending(a => a.EffectiveAt).ThenByDescending(a => a.Id)
            .Select(a => new
            {
                Arrangement = a,
                KeyName = db.ApiKeys.Where(k => k.Id == a.MadeByKeyId).Select(k => k.Name).FirstOrDefault()
                    ?? db.People.Where(p => p.Id == a.MadeByKeyId).Select(p => p.Name).FirstOrDefault(),
            }), ct);
        return TypedResults.Ok(new Paged<ArrangementResponse>(
            page.Data.Select(x => Response(x.Arrangement, x.KeyName, current, site, now)).ToList(), page.Meta));
    }

    public static async Task<Results<Created<ArrangementResponse>, ProblemHttpResult>> Schedule(
        string slug, JsonBody<ArrangementWrite> body, CmsDbContext db, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (collection is null)
        {
            return Problems.NotFound(CollectionEndpoints.Resource);
        }
        if (Check(collection, body.Value) is { } problem)
        {
            return problem;
        }
        var arrangement = CollectionEndpoints.Arrangement(collection.Id, body.Value.EffectiveAt!.Value.ToUniversalTime(), body.Value.Items!,
            Caller.Of(user));
        db.CollectionArrangements.Add(arrangement);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(arrangement.Version);
        var now = clock.GetUtcNow();
        return TypedResults.Created($"/api/v1/collections/{slug}/arrangements/{arrangement.Id}",
            Response(arrangement, await CallerNames.OfAsync(db, arrangement.MadeByKeyId, ct), null, site, now));
    }

    public static async Task<Results<Ok<ArrangementResponse>, ProblemHttpResult>> Replace(
        string slug, Guid id, JsonBody<ArrangementWrite> body, CmsDbContext db, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var (arrangement, problem) = await LoadUpcomingAsync(db, slug, id, http, requireIfMatch: true, clock, ct);
        if (problem is not null)
        {
            return problem;
        }
        var collection = await db.Collections.AsNoTracking().SingleAsync(c => c.Id == arrangement.CollectionId, ct);
        if (Check(collection, body.Value) is { } invalid)
        {
            return invalid;
        }
        var write = CollectionEndpoints.Arrangement(collection.Id, body.Value.EffectiveAt!.Value.ToUniversalTime(), body.Value.Items!,
            Caller.Of(user));
        (arrangement.EffectiveAt, arrangement.ItemsJson, arrangement.MadeByKeyId) = (write.EffectiveAt, write.ItemsJson, write.MadeByKeyId);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(arrangement.Version);
        return TypedResults.Ok(Response(arrangement, await CallerNames.OfAsync(db, arrangement.MadeByKeyId, ct), null, site, clock.GetUtcNow()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Cancel(
        string slug, Guid id, CmsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (arrangement, problem) = await LoadUpcomingAsync(db, slug, id, http, requireIfMatch: false, clock, ct);
        if (problem is not null)
        {
            return problem;
        }
        db.CollectionArrangements.Remove(arrangement);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> Restore(
        string slug, Guid id, CmsDbContext db, CollectionItems items, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var (collection, problem) = await CollectionEndpoints.LoadAsync(db, slug, http, requireIfMatch: true, ct);
        if (problem is not null)
        {
            return problem;
        }
        var old = await db.CollectionArrangements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.CollectionId == collection.Id, ct);
        if (old is null)
        {
            return Problems.NotFound(Resource);
        }
        if (old.EffectiveAt > clock.GetUtcNow())
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "This arrangement has not taken effect yet: change its time instead (replaceCollectionArrangement).");
        }
        if (collection.Kind != CollectionKind.Manual)
        {
            return CollectionEndpoints.NotManual();
        }
        return await CollectionEndpoints.ArrangeAsync(collection, CollectionItem.Read(old.ItemsJson), old.Id, db, items, site, user, clock,
            http, ct);
    }

    /// <summary>A scheduled arrangement of a manual collection, its pinned items within the capacity.</summary>
    private static ProblemHttpResult? Check(Collection collection, ArrangementWrite write)
    {
        if (collection.Kind != CollectionKind.Manual)
        {
            return CollectionEndpoints.NotManual();
        }
        var beyond = write.Items!.Select((item, i) => (item, i)).Where(x => x.item.Pinned && x.i >= collection.Capacity)
            .ToDictionary(x => $"items[{x.i}].pinned",
                _ => new[] { $"A pinned article must be within the capacity (positions 1 to {collection.Capacity})." });
        return beyond.Count > 0 ? Problems.ValidationFailed(beyond) : null;
    }

    private static async Task<(CollectionArrangement Entity, ProblemHttpResult? Problem)> LoadUpcomingAsync(CmsDbContext db, string slug,
        Guid id, HttpContext http, bool requireIfMatch, TimeProvider clock, CancellationToken ct)
    {
        var (arrangement, problem) = await WriteGuard.LoadAsync(http,
            () => db.CollectionArrangements.SingleOrDefaultAsync(
                a => a.Id == id && db.Collections.Any(c => c.Id == a.CollectionId && c.Slug == slug), ct), Resource, requireIfMatch);
        if (problem is null && arrangement.EffectiveAt <= clock.GetUtcNow())
        {
            return (arrangement, Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "This arrangement has taken effect and is history now; restore it to show it again (restoreCollectionArrangement)."));
        }
        return (arrangement, problem);
    }

    private static ArrangementResponse Response(CollectionArrangement a, string? keyName, Guid? current, SiteLinks site, DateTimeOffset now) =>
        new(a.Id, site.Local(a.EffectiveAt)!.Value,
            a.EffectiveAt > now ? ArrangementState.Upcoming : a.Id == current ? ArrangementState.Current : ArrangementState.Past,
            CollectionItem.Read(a.ItemsJson), a.MadeByKeyId, a.MadeByKeyId == Caller.BootstrapKeyId ? "bootstrap" : keyName,
            site.Local(a.CreatedAt)!.Value, a.RestoredFromId) { Version = a.Version };
}
