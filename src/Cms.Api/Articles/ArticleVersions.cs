using Cms.Data;
using Cms.Data.Sync;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// An article embeds its authors' and tags' summaries and its lead image's asset, so when one of those changes the article's
/// representation changes too: its version moves on, and its old ETag stops answering 304.
/// </summary>
public static class ArticleVersions
{
    public static Task BumpCreditingAsync(CmsDbContext db, Guid authorId, CancellationToken ct) =>
        BumpAsync(db, db.Articles.Where(a => a.Authors.Any(b => b.AuthorId == authorId)), ct);

    public static Task BumpTaggedAsync(CmsDbContext db, Guid tagId, CancellationToken ct) =>
        BumpAsync(db, db.Articles.Where(a => a.Tags.Any(t => t.TagId == tagId)), ct);

    /// <summary>The articles whose lead image is this asset.</summary>
    public static Task BumpLeadingWithAsync(CmsDbContext db, Guid assetId, CancellationToken ct) =>
        BumpAsync(db, db.Articles.Where(a => a.FeatureImageAssetId == assetId), ct);

    /// <summary>
    /// New versions for the articles, and entries in the change log so sync passes them on; the log
    /// entries are saved by the caller's SaveChanges, in the same transaction.
    /// </summary>
    private static async Task BumpAsync(CmsDbContext db, IQueryable<Cms.Data.Articles.Article> articles, CancellationToken ct)
    {
        var ids = await articles.Select(a => a.Id).ToListAsync(ct);
        db.Changes.AddRange(ids.Select(id => new Change { Resource = "article", ResourceId = id }));
        await articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version + 1), ct);
    }
}
