using Cms.Data.Assets;
using Cms.Data.Authors;
using Cms.Data.Saving;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Articles;

/// <summary>
/// Save step: keeps each article's copies of its bylines, tags and images (<see cref="ArticleLinkCopies"/>) in step.
/// Before the write, under the lock every write takes (the change log's; SQLite's one writer), it finds the articles
/// whose copies change: those saved, those whose links change, and those that show an author, tag or asset whose shown
/// fields change or that goes (read before the write, while a deleted tag's links still say where it was). So a byline
/// added to a renamed author's article by a concurrent save is either seen here or sees the new name. The articles that
/// show a changed author, tag or asset, but are not saved themselves, get a new version and a change-log row (their
/// representation changed: old ETags stop answering 304, sync passes them on). A new article goes in with its copies
/// (<see cref="ArticleLinkCopies.FillAddedAsync"/>). After the write, it rewrites the copies of the others.
/// </summary>
public sealed class ArticleLinkCopiesStep : ISaveStep
{
    public SaveStepRun? Plan(CmsDbContext db)
    {
        var changes = new Changes([], [], [], []);
        foreach (var entry in db.ChangeTracker.Entries())
        {
            var changed = entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
            switch (entry.Entity)
            {
                // A saved article may carry a stale copy that EF writes back (a whole entity marked modified).
                case Article article when entry.State is EntityState.Added or EntityState.Modified:
                    changes.Articles.Add(article.Id);
                    break;
                case ArticleAuthor byline when changed:
                    changes.Articles.Add(byline.ArticleId);
                    break;
                case ArticleTag link when changed:
                    changes.Articles.Add(link.ArticleId);
                    break;
                case ArticleBodyAsset shown when changed:
                    changes.Articles.Add(shown.ArticleId);
                    break;
                case Author author when Shows(entry, ArticleLinkCopies.ShownAuthorFields):
                    changes.Authors.Add(author.Id);
                    break;
                case Tag tag when Shows(entry, ArticleLinkCopies.ShownTagFields):
                    changes.Tags.Add(tag.Id);
                    break;
                case Asset asset when Shows(entry, ArticleLinkCopies.ShownAssetFields):
                    changes.Assets.Add(asset.Id);
                    break;
            }
        }
        if (changes.IsEmpty)
        {
            return null;
        }
        List<Guid> copied = [];
        return new SaveStepRun(
            Before: async (save, ct) =>
            {
                var showing = await changes.ShowingAsync(save.Db, ct);
                var saved = save.Db.ChangeTracker.Entries<Article>().Where(e => e.State != EntityState.Unchanged).Select(e => e.Entity.Id);
                await Infrastructure.Versions.BumpAsync<Article>(save.Db, showing.Except(saved).ToList(), ct);
                var filled = await ArticleLinkCopies.FillAddedAsync(save.Db, ct);
                copied = [.. changes.Articles.Union(showing).Except(filled)];
            },
            After: (save, ct) => ArticleLinkCopies.RebuildAsync(save.Db, copied, ct));

        // A handler may mark a whole entity modified: a shown field counts only when its value changes.
        static bool Shows(EntityEntry entry, string[] fields) =>
            entry.State == EntityState.Deleted
            || (entry.State == EntityState.Modified && fields.Any(f => entry.Property(f) is { IsModified: true } p && !Equals(p.OriginalValue, p.CurrentValue)));
    }

    private sealed record Changes(HashSet<Guid> Articles, List<Guid> Authors, List<Guid> Tags, List<Guid> Assets)
    {
        public bool IsEmpty => Articles.Count == 0 && Authors.Count == 0 && Tags.Count == 0 && Assets.Count == 0;

        /// <summary>The articles that show a changed author, tag or asset.</summary>
        public async Task<HashSet<Guid>> ShowingAsync(CmsDbContext db, CancellationToken ct)
        {
            var articles = new HashSet<Guid>();
            if (Authors.Count > 0)
            {
                articles.UnionWith(await db.ArticleAuthors.Where(b => Authors.Contains(b.AuthorId)).Select(b => b.ArticleId).ToListAsync(ct));
            }
            if (Tags.Count > 0)
            {
                articles.UnionWith(await db.ArticleTags.Where(t => Tags.Contains(t.TagId)).Select(t => t.ArticleId).ToListAsync(ct));
            }
            if (Assets.Count > 0)
            {
                articles.UnionWith(await db.Articles.Where(a => a.FeatureImageAssetId != null && Assets.Contains(a.FeatureImageAssetId.Value))
                    .Select(a => a.Id).ToListAsync(ct));
                articles.UnionWith(await db.ArticleBodyAssets.Where(m => Assets.Contains(m.AssetId)).Select(m => m.ArticleId).ToListAsync(ct));
            }
            return articles;
        }
    }
}
