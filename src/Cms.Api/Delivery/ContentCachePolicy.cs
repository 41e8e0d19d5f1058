using Cms.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Cms.Api.Delivery;

/// <summary>
/// Which responses the output cache keeps, for how long, and under which tags. Only anonymous GETs
/// of the API that answered 200; every query string is its own entry. Article pages carry the tags
/// <see cref="CacheTags"/> gives them; every other response (lists, tag and author pages with their
/// counts, related boxes, sync pages) carries <see cref="CacheTags.Lists"/>, which every write evicts.
/// </summary>
public sealed class ContentCachePolicy : IOutputCachePolicy
{
    internal const string EpochItem = "Cms.ContentEpoch";

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<CacheOptions>>().Value;
        var request = http.Request;
        var cacheable = options.Enabled
            && !http.RequestServices.GetRequiredService<IOptions<Infrastructure.CmsOptions>>().Value.RequireKeyForReads
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.StartsWithSegments("/api/v1") && !request.Path.StartsWithSegments("/api/v1/keys")
            && request.Headers.Authorization.Count == 0;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // Not the middleware's own locking: it joins misses by URL alone, so a request arriving after an edit could
        // be handed a read that began before it. Misses are joined by URL and content epoch instead (MissCoalescing).
        context.AllowLocking = false;
        context.CacheVaryByRules.QueryKeys = "*";
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.ServerSeconds);
        if (cacheable)
        {
            await http.RequestServices.GetRequiredService<ScheduledPublications>().CatchUpAsync(http);
        }
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public async ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!context.AllowCacheStorage)
        {
            return; // e.g. a miss answered by another request's read (MissCoalescing), which stores it itself
        }
        if (http.Response.StatusCode != StatusCodes.Status200OK || http.Response.Headers.SetCookie.Count > 0
            || !http.Items.ContainsKey(EpochItem))
        {
            // Not a plain 200, or no epoch was read before the database (it could not be): do not keep it.
            // Whether a write came meanwhile is checked by the store, in the same step as storing.
            context.AllowCacheStorage = false;
            return;
        }
        if (context.Tags.Count == 0)
        {
            context.Tags.Add(CacheTags.Lists);
        }
        // A scheduled story changes lists, counts and sync pages on its minute, with no write to evict them.
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var next = await ScheduledPublications.NextAsync(http.RequestServices.GetRequiredService<CmsDbContext>(), now, cancellation);
        if (next is { } at && context.ResponseExpirationTimeSpan is { } lifetime && at - now < lifetime)
        {
            context.ResponseExpirationTimeSpan = at - now;
            context.AllowCacheStorage = at - now >= TimeSpan.FromSeconds(1);
        }
    }
}
