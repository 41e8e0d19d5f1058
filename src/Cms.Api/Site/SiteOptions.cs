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

    /// <summary>What readers call the zone ("WIB"); by default known for Indonesia's zones, else the offset (UTC+7).</summary>
    public string? TimeZoneAbbreviation { get; set; }

    /// <summary>An article's page on the frontend: {slug}, {id}, and {yyyy}, {MM}, {dd} of its publication in the site's zone.</summary>
    public string ArticlePath { get; set; } = "/read/{yyyy}/{MM}/{dd}/{slug}";

    /// <summary>An author's page: {slug}, {id}.</summary>
    public string AuthorPath { get; set; } = "/about/{slug}";

    /// <summary>A tag's page: {slug}, {id}.</summary>
    public string TagPath { get; set; } = "/tag/{slug}";
}
