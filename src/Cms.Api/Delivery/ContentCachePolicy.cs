using System.Globalization;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Cms.Api.Delivery;

/// <summary>
/// The output cache policy of the content routes (<c>.CacheOutput(ContentCachePolicy.Name)</c>): anonymous
/// GETs (and HEADs, served as GETs) that answer 200, every query string its own entry. The key carries the
/// content version (<see cref="ContentVersion"/>), which every write and every scheduled story's minute moves:
/// a response read before either and stored after it lands under a key no request asks for again.
/// </summary>
public sealed class ContentCachePolicy(IOptions<CacheOptions> cache, IOptions<CmsOptions> cms, ContentVersion version)
    : IOutputCachePolicy
{
    public const string Name = "content";

    /// <summary>
    /// A query parameter that makes a read personal (an article's preview link): such a read is never cached, here or
    /// by anyone else (Cache-Control: private, no-store).
    /// </summary>
    public const string PersonalQuery = "preview";

    /// <summary>Every entry carries this tag: a write evicts it to free the memory of entries no key reaches.</summary>
    public const string Tag = "content";

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var anonymousRead = cache.Value.Enabled && !cms.Value.RequireKeyForReads
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && http.Request.Headers.Authorization.Count == 0
            && !http.Request.Query.ContainsKey(PersonalQuery);
        var current = anonymousRead ? await version.CurrentAsync() : null;
        var cacheable = current is not null;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // Concurrent misses of one key wait for the first one's response; a request after a write has a newer key.
        context.AllowLocking = cacheable;
        if (cacheable)
        {
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["epoch"] = current!.Value.ToString(CultureInfo.InvariantCulture);
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
