using Cms.Data.Authors;

namespace Cms.Data.Articles;

public enum BylineRole
{
    Reporter,
    Editor,
    Photographer,
    Contributor,
}

/// <summary>One byline: an author credited on an article, in print order.</summary>
public sealed class ArticleAuthor
{
    public Guid ArticleId { get; set; }
    public Guid AuthorId { get; set; }
    public int Position { get; set; }

    /// <summary>
    /// The article's listing time (<see cref="ArticleVisibility.ListedAt"/>), copied here so that a tag or
    /// author page walks one index of its own and counts are index-only.
    /// </summary>
    public DateTimeOffset? ListedAt { get; set; }
    public BylineRole Role { get; set; }
    public Article Article { get; set; } = null!;
    public Author Author { get; set; } = null!;
}
