using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Articles;

/// <summary>
/// Save step: after the write, each tag and byline row of an article saved, or newly linked, gets its article's listing
/// time (<see cref="ArticleVisibility.ListedAt"/>), so a tag or author page walks one index of its own.
/// </summary>
public sealed class ArticleListedAt : ISaveStep
{
    public SaveStepRun? Plan(CmsDbContext db)
    {
        var listed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity switch
            {
                Article a => a.Id,
                ArticleTag t when e.State == EntityState.Added => t.ArticleId,
                ArticleAuthor b when e.State == EntityState.Added => b.ArticleId,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty).Distinct().ToList();
        return listed.Count == 0 ? null : new SaveStepRun(After: (save, ct) => CopyAsync(save.Db, listed, ct));
    }

    private static async Task CopyAsync(CmsDbContext db, List<Guid> listed, CancellationToken ct)
    {
        await db.ArticleTags.Where(t => listed.Contains(t.ArticleId)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ListedAt,
            t => db.Articles.Where(a => a.Id == t.ArticleId).Select(ArticleVisibility.ListedAt).FirstOrDefault()), ct);
        await db.ArticleAuthors.Where(b => listed.Contains(b.ArticleId)).ExecuteUpdateAsync(s => s.SetProperty(b => b.ListedAt,
            b => db.Articles.Where(a => a.Id == b.ArticleId).Select(ArticleVisibility.ListedAt).FirstOrDefault()), ct);
    }
}
