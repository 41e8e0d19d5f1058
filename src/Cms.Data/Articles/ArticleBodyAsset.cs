namespace Cms.Data.Articles;

/// <summary>
/// An asset an article's body shows (<c>![alt](asset:ID)</c>): kept so the asset cannot be deleted from under the
/// body, and so a change of the asset reaches the article's copy of it (<see cref="Article.BodyAssetsJson"/>).
/// The write path sets these from the rendered body, never by hand.
/// </summary>
public sealed class ArticleBodyAsset
{
    public Guid ArticleId { get; set; }
    public Guid AssetId { get; set; }
}
