using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// The output cache's tags: <c>article:{id}</c> on an article page, with <c>author:{id}</c> and
/// <c>tag:{id}</c> for each byline and tag it shows; <c>author:{id}</c> / <c>tag:{id}</c> on author and tag
/// pages; <see cref="Lists"/> on everything else. A write evicts its resource's tag and the lists.
/// </summary>
public static class CacheTags
{
    public const string Lists = "lists";

    public static string For(string resource, Guid id) => $"{resource}:{id:D}";

    /// <summary>Tags the response being produced, when the output cache may store it.</summary>
    public static void Add(HttpContext http, IEnumerable<string> tags)
    {
        if (http.Features.Get<IOutputCacheFeature>()?.Context is { AllowCacheStorage: true } context)
        {
            context.Tags.UnionWith(tags);
        }
    }

    /// <summary>
    /// An endpoint filter for the writes of one resource: once a write has succeeded (its transaction
    /// committed), evicts what it may have changed before the response goes out.
    /// </summary>
    public static TBuilder EvictsOnWrite<TBuilder>(this TBuilder builder, string resource)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var result = await next(context);
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            {
                return result;
            }
            var status = ((result as INestedHttpResult)?.Result ?? result) as IStatusCodeHttpResult;
            if (status?.StatusCode is >= 200 and < 300)
            {
                var tags = new List<string> { Lists };
                if (Guid.TryParse(http.GetRouteValue("id") as string, out var id))
                {
                    tags.Add(For(resource, id));
                }
                await http.RequestServices.GetRequiredService<CacheEviction>().EvictAsync(tags, http.RequestAborted);
            }
            return result;
        });
}
