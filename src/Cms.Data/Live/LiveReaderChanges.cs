using Cms.Data.Articles;
using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Live;

/// <summary>
/// What readers see change when a live story's coverage or updates are written: the story's own reads (its read carries
/// the newest updates; its updates list is in its scope) and the lists (sync and the feeds show updates), while the story
/// is visible; nothing while it is a draft. The API loads the story with every such write, so its entry is in the save;
/// without it, everything is stale (safe, never wrong).
/// </summary>
public sealed class LiveReaderChanges : IReaderChangeRule
{
    public IReadOnlyCollection<Type> Entities { get; } = [typeof(LiveCoverage), typeof(LiveUpdate)];

    public IEnumerable<string> Scopes(EntityEntry entry, DateTimeOffset now)
    {
        var articleId = entry.Entity switch { LiveCoverage c => c.Id, LiveUpdate u => u.ArticleId, _ => Guid.Empty };
        var article = entry.Context.ChangeTracker.Entries<Article>().FirstOrDefault(e => e.Entity.Id == articleId)?.Entity;
        if (article is null)
        {
            return [ReaderScopes.Everything];
        }
        if (!ArticleVisibility.IsVisible(ArticleVisibility.Shown(article.Status, article.PublishedAt, now), article.PublishedAt, now))
        {
            return [];
        }
        return [ReaderScopes.Lists, ReaderScopes.Of(ArticleReaderChanges.ById, article.Id.ToString("D")),
            ReaderScopes.Of(ArticleReaderChanges.BySlug, article.Slug)];
    }
}
