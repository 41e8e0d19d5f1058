using System.Globalization;
using Microsoft.Extensions.Options;

namespace Cms.Api.Site;

/// <summary>The <c>Site</c> configuration section: the public frontend the content is read on.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>The publication's name, e.g. "Kantor Berita Contoh": the publisher in JSON-LD (and feeds).</summary>
    public string? Name { get; set; }

    /// <summary>What the publication is, one sentence: the description of its feeds.</summary>
    public string? Description { get; set; }

    /// <summary>The publication's language (BCP 47) in feeds and the Google News sitemap; Cms:DefaultLanguage when not set.</summary>
    public string? Language { get; set; }

    /// <summary>Whether feed items carry the whole article as HTML, not only its summary.</summary>
    public bool FullContentInFeeds { get; set; }

    /// <summary>How long a preview link of a draft works, in hours.</summary>
    public int PreviewHours { get; set; } = 24;

    /// <summary>
    /// The most URLs one sitemap page lists (sitemaps.org allows 50,000): smaller pages keep each one quick to answer
    /// cold on a busy archive (bench/SITEMAPS.md).
    /// </summary>
    public int SitemapPageSize { get; set; } = 5_000;

    /// <summary>The publication's logo (absolute URL), for the publisher in JSON-LD.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The frontend's origin, e.g. https://www.example.id; without it no resource has a <c>url</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The newsroom's time zone (IANA), in which articles' times are also given (default Asia/Jakarta, WIB).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>An article's page on the frontend: {slug}, {id}, and {yyyy}, {MM}, {dd} of its publication in the site's zone.</summary>
    public string ArticlePath { get; set; } = "/read/{yyyy}/{MM}/{dd}/{slug}";

    /// <summary>An author's page: {slug}, {id}.</summary>
    public string AuthorPath { get; set; } = "/about/{slug}";

    /// <summary>A tag's page: {slug}, {id}.</summary>
    public string TagPath { get; set; } = "/tag/{slug}";
}

/// <summary>
/// Where the frontend shows each resource, and times in the newsroom's zone: the one place that knows the site's
/// settings, so every response (and later every feed and sitemap) gives the same address and the same time.
/// </summary>
public sealed class SiteLinks
{
    private static readonly string[] DateTokens = ["{yyyy}", "{MM}", "{dd}"];
    private readonly SiteOptions _options;
    private readonly string? _base;
    private readonly TimeZoneInfo _zone;
    private readonly bool _datedArticles;

    public SiteLinks(IOptions<SiteOptions> options, IOptions<Infrastructure.CmsOptions> cms)
    {
        _options = options.Value;
        Language = _options.Language ?? cms.Value.DefaultLanguage;
        _base = _options.BaseUrl?.TrimEnd('/');
        _zone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
        _datedArticles = DateTokens.Any(_options.ArticlePath.Contains);
    }

    /// <summary>The time as the newsroom's clock shows it, e.g. 2024-06-19T12:04:00+07:00.</summary>
    public DateTimeOffset? Local(DateTimeOffset? time) => time is { } t ? TimeZoneInfo.ConvertTime(t, _zone) : null;

    /// <summary>The article's page; none without a base URL, or when the path needs a date and it has no publication time.</summary>
    public string? Article(Guid id, string slug, DateTimeOffset? publishedAt)
    {
        var path = _options.ArticlePath;
        if (_datedArticles)
        {
            if (Local(publishedAt) is not { } local)
            {
                return null;
            }
            path = path.Replace("{yyyy}", local.ToString("yyyy", CultureInfo.InvariantCulture))
                .Replace("{MM}", local.ToString("MM", CultureInfo.InvariantCulture))
                .Replace("{dd}", local.ToString("dd", CultureInfo.InvariantCulture));
        }
        return Url(path, id, slug);
    }

    public string? Author(Guid id, string slug) => Url(_options.AuthorPath, id, slug);

    public string? Name => _options.Name;

    /// <summary>The name of the publication in its documents: Site:Name, else "Cms".</summary>
    public string Title => _options.Name ?? "Cms";

    public string? Description => _options.Description;

    public string Language { get; }

    public bool FullContentInFeeds => _options.FullContentInFeeds;

    public int SitemapPageSize => _options.SitemapPageSize;

    /// <summary>The frontend's home page (Site:BaseUrl), or null.</summary>
    public string? Home => _base is null ? null : _base + "/";

    public string? LogoUrl => _options.LogoUrl;

    public string? Tag(Guid id, string slug) => Url(_options.TagPath, id, slug);

    // Slugs are lowercase letters, digits and hyphens (validated on write): nothing in them needs escaping.
    private string? Url(string path, Guid id, string slug) =>
        _base is null ? null : _base + path.Replace("{slug}", slug).Replace("{id}", id.ToString("D"));

    public static IServiceCollection AddCmsSite(IServiceCollection services)
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
        return services.AddSingleton<SiteLinks>().AddScoped<Feeds>().AddScoped<Sitemaps>();
    }
}

/// <summary>Each resource as the site shows it: its frontend <c>url</c>, and an article's time in the newsroom's zone.</summary>
public static class SiteFields
{
    public static Articles.ArticleResponse WithSite(this Articles.ArticleResponse a, SiteLinks site) =>
        a with
        {
            Url = site.Article(a.Id, a.Slug, a.PublishedAt), PublishedAtLocal = site.Local(a.PublishedAt),
            Authors = Bylines(a.Authors, site), Tags = Tags(a.Tags, site),
        };

    public static Articles.ArticleSummary WithSite(this Articles.ArticleSummary a, SiteLinks site) =>
        a with
        {
            Url = site.Article(a.Id, a.Slug, a.PublishedAt), PublishedAtLocal = site.Local(a.PublishedAt),
            Authors = Bylines(a.Authors, site), Tags = Tags(a.Tags, site),
        };

    // A byline links to its author's page ("LAPORAN: Rina", /about/rina), a tag to its page.
    private static List<Articles.Byline> Bylines(List<Articles.Byline> bylines, SiteLinks site) =>
        site.Home is null ? bylines : bylines.Select(b => b with { Url = site.Author(b.Id, b.Slug) }).ToList();

    private static List<Articles.TagSummary> Tags(List<Articles.TagSummary> tags, SiteLinks site) =>
        site.Home is null ? tags : tags.Select(t => t with { Url = site.Tag(t.Id, t.Slug) }).ToList();

    public static Authors.AuthorResponse WithSite(this Authors.AuthorResponse a, SiteLinks site) => a with { Url = site.Author(a.Id, a.Slug) };

    public static Authors.AuthorListItem WithSite(this Authors.AuthorListItem a, SiteLinks site) => a with { Url = site.Author(a.Id, a.Slug) };

    public static Tags.TagResponse WithSite(this Tags.TagResponse t, SiteLinks site) => t with { Url = site.Tag(t.Id, t.Slug) };

    public static Tags.TagListItem WithSite(this Tags.TagListItem t, SiteLinks site) => t with { Url = site.Tag(t.Id, t.Slug) };
}
