using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Articles;

/// <summary>
/// Save step: each tag and byline row of an article saved, or newly linked, gets its article's listing time
/// (<see cref="ArticleVisibility.ListedAt"/>), so a tag or author page walks one index of its own. A new article's rows
/// are all in the save: they go in with it. The others are rewritten after the write.
/// </summary>
public sealed class ArticleListedAt : ISaveStep
{
    private static readonly Func<Article, DateTimeOffset?> ListedAtOf = ArticleVisibility.ListedAt.Compile();

    public SaveStepRun? Plan(CmsDbContext db)
    {
        var added = db.ChangeTracker.Entries<Article>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToDictionary(a => a.Id);
        var listed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity switch
            {
                Article a => a.Id,
                ArticleTag t when e.State == EntityState.Added => t.ArticleId,
                ArticleAuthor b when e.State == EntityState.Added => b.ArticleId,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty && !added.ContainsKey(id)).Distinct().ToList();
        if (added.Count == 0 && listed.Count == 0)
        {
            return null;
        }
        return new SaveStepRun(
            Before: added.Count == 0 ? null : (save, _) =>
            {
                foreach (var tag in save.Db.ChangeTracker.Entries<ArticleTag>().Select(e => e.Entity).Where(t => added.ContainsKey(t.ArticleId)))
                {
                    tag.ListedAt = ListedAtOf(added[tag.ArticleId]);
                }
                foreach (var byline in save.Db.ChangeTracker.Entries<ArticleAuthor>().Select(e => e.Entity).Where(b => added.ContainsKey(b.ArticleId)))
                {
                    byline.ListedAt = ListedAtOf(added[byline.ArticleId]);
                }
                return Task.CompletedTask;
            },
            After: listed.Count == 0 ? null : (save, ct) => CopyAsync(save.Db, listed, ct));
    }

    private static async Task CopyAsync(CmsDbContext db, List<Guid> listed, CancellationToken ct)
    {
        await db.ArticleTags.Where(t => listed.Contains(t.ArticleId)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ListedAt,
            t => db.Articles.Where(a => a.Id == t.ArticleId).Select(ArticleVisibility.ListedAt).FirstOrDefault()), ct);
        await db.ArticleAuthors.Where(b => listed.Contains(b.ArticleId)).ExecuteUpdateAsync(s => s.SetProperty(b => b.ListedAt,
            b => db.Articles.Where(a => a.Id == b.ArticleId).Select(ArticleVisibility.ListedAt).FirstOrDefault()), ct);
    }
}
