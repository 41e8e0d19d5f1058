using Cms.Data.Infrastructure;

namespace Cms.Data.Articles;

/// <summary>
/// Scheduled is a story published for a time still to come; once that time passes it reads as
/// published, with no job to run (visibility is decided at query time).
/// </summary>
public enum ArticleStatus
{
    Draft,
    Scheduled,
    Published,
    Archived,
}

public sealed class Article : ISynced
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }

    /// <summary>The short label above the headline ("EKSKLUSIF", "Pilpres 2024"); null for none.</summary>
    public string? Kicker { get; set; }

    public required string Title { get; set; }
    public string? Subtitle { get; set; }

    /// <summary>The effective excerpt: the editor's own, or one derived from the body.</summary>
    public required string Excerpt { get; set; }

    /// <summary>False while <see cref="Excerpt"/> is derived, so it follows later body edits.</summary>
    public bool ExcerptIsCustom { get; set; }

    public required string Body { get; set; }
    public required string BodyHtml { get; set; }
    public required string Language { get; set; }
    public ArticleStatus Status { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? FeatureImageUrl { get; set; }
    public string? FeatureImageAlt { get; set; }
    public string? FeatureImageCaption { get; set; }
    public string? FeatureImageCredit { get; set; }

    /// <summary>The asset the lead image is; FeatureImageUrl is then null, and FeatureImageAlt/Credit override the asset's.</summary>
    public Guid? FeatureImageAssetId { get; set; }

    /// <summary>A copy of the asset's shown fields, kept by the write path (<see cref="ArticleLinkCopies"/>).</summary>
    public string? FeatureImageAssetJson { get; set; }
    public string? SeoMetaTitle { get; set; }
    public string? SeoMetaDescription { get; set; }
    public string? SeoCanonicalUrl { get; set; }
    public int WordCount { get; set; }
    public int ReadingTimeMinutes { get; set; }
    /// <summary>The API key that created the article (Guid.Empty: the bootstrap admin key).</summary>
    public Guid? CreatedByKeyId { get; set; }

    public Guid? UpdatedByKeyId { get; set; }

    public long Version { get; set; }

    /// <summary>
    /// The number of its newest revision (<see cref="ArticleRevisions"/> sets it in the save that writes one), so a save
    /// numbers the next without reading the revisions. 0: none yet.
    /// </summary>
    public int LastRevision { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The bylines as readers see them, a JSON array kept by <see cref="ArticleLinkCopies"/>.</summary>
    public string BylinesJson { get; set; } = "[]";

    /// <summary>The tags as readers see them, a JSON array kept by <see cref="ArticleLinkCopies"/>.</summary>
    public string TagsJson { get; set; } = "[]";

    /// <summary>The assets the body shows, their shown fields as a JSON array kept by <see cref="ArticleLinkCopies"/>.</summary>
    public string BodyAssetsJson { get; set; } = "[]";

    /// <summary>The correction notes shown to readers, oldest first: a JSON array of { at, text }. Only ever added to.</summary>
    public string CorrectionsJson { get; set; } = "[]";

    /// <summary>
    /// Whether the story has live coverage (<see cref="Live.LiveCoverage"/>, started once, ended or not): its read then
    /// carries the coverage and newest updates. Set by starting the coverage; not a field of the document.
    /// </summary>
    public bool HasLiveCoverage { get; set; }

    public List<ArticleAuthor> Authors { get; set; } = [];
    public List<ArticleTag> Tags { get; set; } = [];
    public List<ArticleBodyAsset> BodyAssets { get; set; } = [];
}
