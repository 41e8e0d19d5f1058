using System.Text.RegularExpressions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Collections;

/// <summary>
/// Views from frontends and apps, for mostRead collections: anonymous, a batch at a time, never an error for what it
/// cannot count. Not a content write (no audit entry, no change log, no database write).
/// </summary>
public static partial class ViewEndpoints
{
    public static IEndpointRouteBuilder MapViewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/views", Record).WithName("recordViews").WithTags("Collections")
            .WithSummary("Count article views (most read)")
            .WithDescription("A batch of up to 50 article ids a reader viewed, from a frontend or an app: 202, and the views count toward mostRead "
                + "collections. Anyone may send it; rate limited per address (RateLimits:AnonymousWrites). A view of an article by the same "
                + "client (client, else the address) within 30 minutes counts once; bots (a User-Agent with bot, crawler or spider) are not "
                + "counted; unknown ids and stories readers cannot see are ignored. While the counts cannot be reached, views are dropped.")
            .Accepts<ViewBatch>("application/json").Produces(StatusCodes.Status202Accepted)
            .ProducesProblems(400, 413, 415, 422, 429, 500, 503)
            .AddEndpointFilter<ValidationFilter>().WithMetadata(NotAContentWrite.Instance).AllowAnonymous();
        return app;
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> Record(
        JsonBody<ViewBatch> body, CmsDbContext db, IViewCounts counts, ViewMetrics metrics, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var batch = body.Value;
        var ids = batch.Articles!.Distinct().ToList();
        if (Bot().IsMatch(http.Request.Headers.UserAgent.ToString()))
        {
            metrics.Add(ids.Count, "ignored");
            return TypedResults.Accepted((string?)null);
        }
        var now = clock.GetUtcNow();
        var seen = ids.Count == 0 ? []
            : await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Where(ArticleVisibility.Visible(now)).Select(a => a.Id).ToListAsync(ct);
        metrics.Add(ids.Count - seen.Count, "ignored");
        if (seen.Count > 0)
        {
            var client = string.IsNullOrEmpty(batch.Client) ? "address:" + RateLimits.ClientAddress(http) : "client:" + batch.Client;
            metrics.Add(seen.Count, await counts.CountAsync(seen, client, now) ? "counted" : "dropped");
        }
        return TypedResults.Accepted((string?)null);
    }

    [GeneratedRegex("bot|crawler|spider", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bot();
}
