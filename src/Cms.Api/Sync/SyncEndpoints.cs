using Cms.Api.Site;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Cms.Api.Articles;
using Cms.Api.Delivery;
using Cms.Api.Authors;
using Cms.Api.Infrastructure;
using Cms.Api.Media;
using Cms.Api.Keys;
using Cms.Api.Tags;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Sync;

/// <summary>
/// Everything created, changed or deleted since a token, in change order and in pages: an app keeps
/// an offline copy exact, deletions included, without downloading everything again.
/// </summary>
public static class SyncEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/sync").WithTags("Sync").CacheOutput(ContentCachePolicy.Name).ProducesProblems(401, 500, 503)
            .MapGet("", Changes).WithName("syncChanges").WithSummary("Changes since a sync token")
            .WithDescription("Without since: everything. Each item is a resource's current state, or deleted: true (deleted, or no longer visible to this caller). Call again with meta.nextToken while meta.hasMore; later, call with the last token to get what changed since.")
            .ProducesProblems(400).RequireAuthorization(AccessSetup.Read);
        return app;
    }

    public static async Task<Results<Ok<SyncPage>, ProblemHttpResult>> Changes(
        [FromQuery(Name = "since"), Description("meta.nextToken of the previous call; none for everything.")] string? since,
        [FromQuery(Name = "limit"), Description("Resources per page, 1 to 500 (default 100)."), Range(1, MaxLimit)] int? limit,
        CmsDbContext db, Variants variants, SiteLinks site, Collections.CollectionItems collections, Articles.Live.LiveUpdates live,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var token = since is null ? SyncToken.Start : SyncToken.TryParse(since);
        var errors = new Dictionary<string, string[]>();
        if (token is null)
        {
            errors["since"] = ["Not a token this endpoint gave out; start again without one."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }

        var now = clock.GetUtcNow();
        var size = limit ?? 100;
        // The latest entry per resource: a story edited five times since the token comes once.
        var changes = await db.Changes.Where(c => c.Seq > token!.Seq)
            .GroupBy(c => new { c.Resource, c.ResourceId })
            .Select(g => new { g.Key.Resource, g.Key.ResourceId, Seq = g.Max(c => c.Seq) })
            .OrderBy(c => c.Seq).Take(size + 1).ToListAsync(ct);
        var hasMore = changes.Count > size;
        changes = changes.Take(size).ToList();
        var wanted = changes.Select(c => (c.Resource, c.ResourceId)).ToList();
        if (!hasMore)
        {
            // Scheduled stories become visible by the clock, with no write to log: pass them on once caught up.
            var since0 = token!.At;
            var appeared = await db.Articles
                .Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > since0 && a.PublishedAt <= now)
                .Select(a => a.Id).ToListAsync(ct);
            wanted.AddRange(appeared.Select(id => ("article", id)).Except(wanted));
            // So do collections whose scheduled arrangement took effect.
            var rearranged = await db.CollectionArrangements.Where(a => a.EffectiveAt > since0 && a.EffectiveAt <= now)
                .Select(a => a.CollectionId).Distinct().ToListAsync(ct);
            wanted.AddRange(rearranged.Select(id => ("collection", id)).Except(wanted));
        }

        var items = await SyncItems.LoadAsync(db, variants, site, collections, live, wanted, Caller.Of(user).IsKeyed, now, ct);
        var next = new SyncToken(changes.Count > 0 ? changes[^1].Seq : token!.Seq, hasMore ? token!.At : now);
        return TypedResults.Ok(new SyncPage(items, new SyncMeta(next.Encode(), hasMore)));
    }
}
