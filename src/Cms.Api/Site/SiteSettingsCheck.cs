using Microsoft.Extensions.Options;

namespace Cms.Api.Site;

/// <summary>
/// At start in Production, a warning for each distribution setting a document needs and does not have: a news site
/// that forgot one serves JSON-LD Google does not accept, or feeds and sitemaps without addresses, and says nothing.
/// </summary>
public sealed class SiteSettingsCheck(IOptions<SiteOptions> options, IHostEnvironment environment, ILogger<SiteSettingsCheck> logger)
    : IHostedService
{
    public static IEnumerable<string> Missing(SiteOptions o)
    {
        if (o.Name is null)
        {
            yield return "Site:Name is not set: NewsArticle JSON-LD has no publisher, which Google requires, and feeds are titled \"Cms\".";
        }
        if (o.LogoUrl is null)
        {
            yield return "Site:LogoUrl is not set: the publisher in NewsArticle JSON-LD has no logo.";
        }
        if (o.BaseUrl is null)
        {
            yield return "Site:BaseUrl is not set: no article, author or tag has a url, so feeds and sitemaps list no addresses.";
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction())
        {
            foreach (var missing in Missing(options.Value))
            {
                logger.LogWarning("{Missing} See the README, Configuration.", missing);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
