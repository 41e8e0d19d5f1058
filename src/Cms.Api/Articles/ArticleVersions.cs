using Cms.Data;
using Cms.Data.Infrastructure;

namespace Cms.Api.Articles;

/// <summary>
/// An article embeds its authors' and tags' summaries and its lead image's asset, so when one of those changes the article's
/// representation changes too: its version moves on (<see cref="Versions"/>), and its old ETag stops answering 304.
/// </summary>
public static class ArticleVersions
{
    public static Task BumpCreditingAsync(CmsDbContext db, Guid authorId, CancellationToken ct) =>
        Versions.BumpAsync(db, db.Articles.Where(a => a.Authors.Any(b => b.AuthorId == authorId)), ct);

    public static Task BumpTaggedAsync(CmsDbContext db, Guid tagId, CancellationToken ct) =>
        Versions.BumpAsync(db, db.Articles.Where(a => a.Tags.Any(t => t.TagId == tagId)), ct);

    /// <summary>The articles whose lead image is this asset.</summary>
    public static Task BumpLeadingWithAsync(CmsDbContext db, Guid assetId, CancellationToken ct) =>
        Versions.BumpAsync(db, db.Articles.Where(a => a.FeatureImageAssetId == assetId), ct);
}
