using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;

namespace Cms.Api.Articles;

/// <summary>
/// An article embeds its authors' and tags' summaries and the assets it shows, so when one of those changes the article's
/// representation changes too: its version moves on (<see cref="Versions"/>), and its old ETag stops answering 304.
/// </summary>
public static class ArticleVersions
{
    public static Task BumpCreditingAsync(CmsDbContext db, Guid authorId, CancellationToken ct) =>
        Versions.BumpAsync(db, db.Articles.Where(a => a.Authors.Any(b => b.AuthorId == authorId)), ct);

    public static Task BumpTaggedAsync(CmsDbContext db, Guid tagId, CancellationToken ct) =>
        Versions.BumpAsync(db, db.Articles.Where(a => a.Tags.Any(t => t.TagId == tagId)), ct);

    /// <summary>The articles that show this asset: as their lead image or in their body.</summary>
    public static Task BumpShowingAsync(CmsDbContext db, Guid assetId, CancellationToken ct) =>
        Versions.BumpAsync(db, Showing(db, assetId), ct);

    /// <inheritdoc cref="BumpShowingAsync"/>
    public static IQueryable<Article> Showing(CmsDbContext db, Guid assetId) =>
        db.Articles.Where(a => a.FeatureImageAssetId == assetId || a.BodyAssets.Any(m => m.AssetId == assetId));
}
