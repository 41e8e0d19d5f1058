using Cms.Data.Tags;

namespace Cms.Data.Articles;

/// <summary>A tag on an article; position 0 is the primary tag.</summary>
public sealed class ArticleTag
{
    public Guid ArticleId { get; set; }
    public Guid TagId { get; set; }
    public int Position { get; set; }

    /// <summary>
    /// The article's listing time (<see cref="ArticleVisibility.ListedAt"/>), copied here so that a tag or
    /// author page walks one index of its own and counts are index-only.
    /// </summary>
    public DateTimeOffset? ListedAt { get; set; }
    public Article Article { get; set; } = null!;
    public Tag Tag { get; set; } = null!;
}
