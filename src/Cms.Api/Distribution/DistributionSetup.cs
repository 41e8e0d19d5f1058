namespace Cms.Api.Distribution;

public static class DistributionSetup
{
    /// <summary>Feeds and sitemaps: the documents readers, aggregators and search engines read.</summary>
    public static IServiceCollection AddCmsDistribution(this IServiceCollection services) =>
        services.AddScoped<Feeds>().AddScoped<Sitemaps>();
}
