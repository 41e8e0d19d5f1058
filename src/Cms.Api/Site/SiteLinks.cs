using System.Globalization;
using Microsoft.Extensions.Options;

namespace Cms.Api.Site;

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
        ZoneAbbreviation = _options.TimeZoneAbbreviation ?? ZoneNames.GetValueOrDefault(_zone.Id) ?? Offset(_zone.BaseUtcOffset);
    }

    /// <summary>Indonesia's zones as readers name them; any other zone is named by Site:TimeZoneAbbreviation or its offset.</summary>
    private static readonly Dictionary<string, string> ZoneNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Asia/Jakarta"] = "WIB", ["Asia/Pontianak"] = "WIB", ["Asia/Makassar"] = "WITA", ["Asia/Jayapura"] = "WIT",
        ["UTC"] = "UTC", ["Etc/UTC"] = "UTC",
    };

    private static string Offset(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().Hours.ToString(CultureInfo.InvariantCulture)
        + (offset.Minutes != 0 ? ":" + offset.Duration().Minutes.ToString("00", CultureInfo.InvariantCulture) : "");

    /// <summary>What readers call the newsroom's zone, to print after a local time: "WIB".</summary>
    public string ZoneAbbreviation { get; }

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
}
