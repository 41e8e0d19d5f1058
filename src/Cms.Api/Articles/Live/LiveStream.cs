using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles.Live;

/// <summary>
/// <c>GET /articles/{id}/updates/stream</c>: a live story's events as server-sent events (docs/live.md). Written by hand
/// rather than with <c>TypedResults.ServerSentEvents</c>, which cannot send the <c>: ping</c> comments proxies need, and
/// so that every reader of a story is sent the same bytes (<see cref="LiveStreams.Frame"/>).
/// </summary>
public static class LiveStream
{
    public const string ContentType = "text/event-stream";

    public static void Map(RouteGroupBuilder articles) =>
        articles.MapGet("/{id}/updates/stream", StreamAsync).WithName("streamLiveUpdates").WithTags("Live coverage")
            .WithSummary("Stream a live story's updates (server-sent events)")
            .WithDescription("text/event-stream: each event has id: (the story's sequence, always growing), event: (update.created, "
                + "update.edited, update.deleted, update.pinned, update.unpinned or coverage.ended) and data: (the update as "
                + "getLiveUpdate shows it; for update.deleted its id and sequence; for coverage.ended startedAt and endedAt). "
                + "Reconnect with Last-Event-ID (or lastEventId) to get every event after it exactly once, then the live ones. "
                + "A ': ping' comment comes every Live:PingSeconds (30), and a retry: hint first. After coverage.ended the stream "
                + "closes; a stream of ended coverage with nothing left to send answers 204, which stops EventSource reconnecting. "
                + "Visibility as for getArticle; at most Live:StreamsPerAddress streams per address (429).")
            .Produces<string>(StatusCodes.Status200OK, ContentType).Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(400, 404, 410, 429).AsStreamed().RequireAuthorization(AccessSetup.Read);

    public static async Task<IResult> StreamAsync(
        Guid id,
        [FromHeader(Name = "Last-Event-ID"), Description("The id of the last event received: the stream starts after it.")] string? lastEventIdHeader,
        [FromQuery(Name = "lastEventId"), Description("As the Last-Event-ID header, for clients that cannot send it.")] string? lastEventId,
        IServiceScopeFactory scopes, LiveStreams streams, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime,
        ClaimsPrincipal user, TimeProvider clock, HttpContext http)
    {
        long? after = null;
        if ((lastEventIdHeader ?? lastEventId) is { } given)
        {
            if (!long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return Problems.InvalidParameters(new Dictionary<string, string[]>
                {
                    [lastEventIdHeader is null ? "lastEventId" : "Last-Event-ID"] = ["Must be an event id this stream sent (a whole number)."],
                });
            }
            after = n;
        }
        // A context of its own, given back at once: one held for the stream's life would be a pooled context (tens of KB) per
        // reader, and past the pool's size a new one each (bench/LIVE.md).
        LiveStory? story;
        long last;
        DateTimeOffset? endedAt;
        ProblemHttpResult? problem;
        await using (var scope = scopes.CreateAsyncScope())
        {
            (story, last, endedAt, problem) = await LiveEndpoints.ReadableAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), id,
                Caller.Of(user), clock.GetUtcNow(), http.RequestAborted);
        }
        if (problem is not null)
        {
            return problem;
        }
        if (endedAt is not null && (after is null || after >= last))
        {
            return TypedResults.NoContent();
        }
        using var lease = streams.Open(RateLimits.ClientAddress(http));
        if (!lease.IsAcquired)
        {
            var refused = Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                $"Too many open streams from this address: {options.Value.StreamsPerAddress}. Close one first.");
            refused.ProblemDetails.Extensions["policy"] = "streams";
            // The RateLimit headers every 429 carries: a budget of open streams, no window; a place frees when a stream closes.
            http.Response.Headers.RetryAfter = "10";
            http.Response.Headers["RateLimit-Policy"] = $"\"streams\";q={options.Value.StreamsPerAddress}";
            http.Response.Headers["RateLimit"] = "\"streams\";r=0;t=10";
            return refused;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        try
        {
            using var reader = await streams.JoinAsync(story!.Id, after, ct);
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = ContentType;
            http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each event on at once
            var body = http.Response.BodyWriter;
            await body.WriteAsync(Encoding.UTF8.GetBytes($"retry: {options.Value.RetryMilliseconds}\n\n"), ct);
            foreach (var frame in reader.Backlog)
            {
                await body.WriteAsync(frame.Bytes, ct);
                if (frame.Ends)
                {
                    return Results.Empty;
                }
            }
            await foreach (var frame in reader.LiveAsync(ct))
            {
                await body.WriteAsync(frame.Bytes, ct);
                if (frame.Ends)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The reader left, or this replica is stopping: the stream ends and its client reconnects (elsewhere).
        }
        return Results.Empty;
    }
}
