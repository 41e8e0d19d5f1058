using Cms.Api.Infrastructure;

namespace Cms.Api.Collections;

public static class CollectionsSetup
{
    public static IServiceCollection AddCmsCollections(this IServiceCollection services)
    {
        services.AddScoped<CollectionItems>();
        services.AddSingleton<CollectionQueries>();
        services.AddSingleton<MostRead>();
        services.AddSingleton<ViewMetrics>();
        // Views are counted where the output cache is: in Redis, shared by every replica, when there is one.
        services.AddSingleton<IViewCounts>(provider => SharedRedis.IsConfigured(provider)
            ? ActivatorUtilities.CreateInstance<RedisViewCounts>(provider, SharedRedis.Prefix(provider))
            : new MemoryViewCounts());
        return services;
    }

    public static IEndpointRouteBuilder MapCollectionsAndViews(this IEndpointRouteBuilder api)
    {
        api.MapCollectionEndpoints();
        api.MapViewEndpoints();
        return api;
    }
}
