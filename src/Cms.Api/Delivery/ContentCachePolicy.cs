using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Data.Saving;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Cms.Api.Delivery;

/// <summary>
/// The output cache policy of the content routes (<c>.CacheOutput(ContentCachePolicy.Name)</c>): anonymous
/// GETs (and HEADs, served as GETs) that answer 200, every query string its own entry. Each response belongs to a
/// scope (<see cref="ReaderScopes"/>): its endpoint's <see cref="CacheScope"/> (one story's reads), else the lists.
/// The key carries the scope's version (<see cref="ContentVersion"/>), which a write that makes the scope stale and
/// every scheduled story's minute move: a response read before either and stored after it lands under a key no
/// request asks for again.
/// </summary>
public sealed class ContentCachePolicy(IOptions<CacheOptions> cache, IOptions<CmsOptions> cms, ContentVersion version, TimeProvider clock)
    : IOutputCachePolicy
{
    public const string Name = "content";

    /// <summary>
    /// A query parameter that makes a read personal (an article's preview link): such a read is never cached, here or
    /// by anyone else (Cache-Control: private, no-store).
    /// </summary>
    public const string PersonalQuery = "preview";

    /// <summary>
    /// Every entry carries this tag: a write that makes everything stale evicts it to free the memory of entries no key
    /// reaches. Entries of a smaller scope are left to expire (<see cref="CacheOptions.ServerSeconds"/>): a tag per story
    /// would make the in-memory store take its tag lock on every store, for memory that expiry frees anyway.
    /// </summary>
    public const string Tag = "content";

    /// <summary>The scope a request's response belongs to.</summary>
    public static string ScopeOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<CacheScope>() is { } scope && http.GetRouteValue(scope.RouteValue)?.ToString() is { } key
            ? ReaderScopes.Of(scope.Kind, scope.Normalize(key))
            : ReaderScopes.Lists;

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var anonymousRead = cache.Value.Enabled && !cms.Value.RequireKeyForReads
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && !Credentials.Carried(http.Request)
            && !http.Request.Query.ContainsKey(PersonalQuery)
            && !Streamed.Is(http);
        var scope = ScopeOf(http);
        var current = anonymousRead ? await version.CurrentAsync(scope) : null;
        var cacheable = current is not null;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // Concurrent misses of one key wait for the first one's response; a request after a write has a newer key.
        context.AllowLocking = cacheable;
        if (cacheable)
        {
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["version"] = current!;
            if (http.GetEndpoint()?.Metadata.GetMetadata<CacheStep>() is { } step)
            {
                context.CacheVaryByRules.VaryByValues["step"] = (clock.GetUtcNow().UtcTicks / step.Length.Ticks).ToString(CultureInfo.InvariantCulture);
            }
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(cache.Value.ServerSeconds);
            context.Tags.Add(Tag);
        }
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) =>
        ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Endpoint metadata: the responses of this endpoint belong to one resource's cache scope, <c>{kind}:{route value}</c>
/// (<see cref="ReaderScopes.Of"/>), which the resource's reader-change rule names when it is written. Without it a
/// response belongs to the lists.
/// </summary>
public sealed record CacheScope(string Kind, string RouteValue, bool IsId = false)
{
    /// <summary>As the rule spells it: an id in its "D" form, whatever case the URL has.</summary>
    public string Normalize(string key) => IsId && Guid.TryParse(key, out var id) ? id.ToString("D") : key;
}

/// <summary>
/// Endpoint metadata: the responses of this endpoint also change with time alone, in steps of <see cref="Length"/> (a
/// most-read ranking moves every five minutes, with no write to announce it): each step on the app's clock is its own
/// cache entry.
/// </summary>
public sealed record CacheStep(TimeSpan Length);

public static class CacheScopeExtensions
{

    /// <summary>This endpoint's cached responses are kept apart per <paramref name="length"/> of the app's clock.</summary>
    public static RouteHandlerBuilder WithCacheStep(this RouteHandlerBuilder builder, TimeSpan length) =>
        builder.WithMetadata(new CacheStep(length));

    /// <summary>This endpoint's cached responses belong to the scope of the resource the route value names.</summary>
    public static RouteHandlerBuilder WithCacheScope(this RouteHandlerBuilder builder, string kind, string routeValue, bool isId = false) =>
        builder.WithMetadata(new CacheScope(kind, routeValue, isId));
}
