namespace Cms.Api.Site;

public static class SiteSetup
{
    public static IServiceCollection AddCmsSite(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section)
            .Validate(o => o.BaseUrl is null || (Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "Site:BaseUrl: an absolute http(s) URL, e.g. https://www.example.id.")
            .Validate(o => o.LogoUrl is null || (Uri.TryCreate(o.LogoUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "Site:LogoUrl: an absolute http(s) URL.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Site:TimeZone: an IANA time zone this machine knows, e.g. Asia/Jakarta (install tzdata if none is found).")
            .Validate(o => new[] { o.ArticlePath, o.AuthorPath, o.TagPath }.All(p => p.StartsWith('/') && (p.Contains("{slug}") || p.Contains("{id}"))),
                "Site:ArticlePath, AuthorPath, TagPath: paths starting with / that name {slug} or {id}.")
            .Validate(o => o.PreviewHours is >= 1 and <= 24 * 90, "Site:PreviewHours: from 1 to 2160 (90 days).")
            .Validate(o => o.SitemapPageSize is >= 1 and <= 50_000, "Site:SitemapPageSize: from 1 to 50000 (the sitemaps.org limit).")
            .ValidateOnStart();
        services.AddHostedService<SiteSettingsCheck>();
        return services.AddSingleton<SiteLinks>();
    }
}
