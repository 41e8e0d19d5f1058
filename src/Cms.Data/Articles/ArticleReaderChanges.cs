using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Articles;

/// <summary>
/// What readers see change when a story is written. Readers see a story only while it is visible
/// (<see cref="ArticleVisibility"/>); only then are its responses cached. So a write that leaves it unseen before and
/// after (a draft's autosave, an edit of a story still to come) makes nothing stale; one that readers could see
/// before or after makes its own responses stale (by id, by its slug and by the slug it had) and the lists. Either way
/// the desk's counts are stale (<see cref="ReaderScopes.Desk"/>). A change
/// of when a scheduled story appears makes everything stale, since the cache's next publication time is kept per
/// everything (<c>ContentVersion</c>). The story's own entry speaks for its links, copies, month counts, revisions,
/// lock and trash entry: every write of those writes the story, or is one no reader sees.
/// </summary>
public sealed class ArticleReaderChanges : IReaderChangeRule
{
    /// <summary>The cache scope of a story's reads by id (<c>article:{id}</c>).</summary>
    public const string ById = "article";

    /// <summary>The cache scope of a story's reads by slug, its JSON-LD too (<c>article-slug:{slug}</c>).</summary>
    public const string BySlug = "article-slug";

    public IReadOnlyCollection<Type> Entities { get; } =
    [
        typeof(Article), typeof(ArticleAuthor), typeof(ArticleTag), typeof(ArticleBodyAsset), typeof(ListingMonth),
        typeof(ArticleRevision), typeof(ArticleLock), typeof(TrashedArticle),
    ];

    private sealed record Seen(bool Visible, DateTimeOffset? Due, string Slug);

    public IEnumerable<string> Scopes(EntityEntry entry, DateTimeOffset now)
    {
        if (entry.Entity is not Article article)
        {
            return [];
        }
        var before = entry.State == EntityState.Added ? null : State(entry, original: true, now);
        var after = entry.State == EntityState.Deleted ? null : State(entry, original: false, now);
        if (before?.Due != after?.Due)
        {
            return [ReaderScopes.Everything];
        }
        if (before?.Visible != true && after?.Visible != true)
        {
            return [ReaderScopes.Desk];
        }
        var id = article.Id.ToString("D");
        return new[] { before?.Slug, after?.Slug }.OfType<string>().Distinct().Select(slug => ReaderScopes.Of(BySlug, slug))
            .Prepend(ReaderScopes.Of(ById, id)).Prepend(ReaderScopes.Lists).Prepend(ReaderScopes.Desk);
    }

    private static Seen State(EntityEntry entry, bool original, DateTimeOffset now)
    {
        T V<T>(string name) => (T)(original || entry.State == EntityState.Deleted
            ? entry.Property(name).OriginalValue : entry.Property(name).CurrentValue)!;
        var status = V<ArticleStatus>(nameof(Article.Status));
        var publishedAt = V<DateTimeOffset?>(nameof(Article.PublishedAt));
        var publishing = ArticleVisibility.IsPublishing(status);
        return new Seen(publishing && publishedAt <= now, publishing && publishedAt > now ? publishedAt : null,
            V<string>(nameof(Article.Slug)));
    }
}

/// <summary>The next scheduled story's minute: readers see it appear with no write to announce it.</summary>
public sealed class ScheduledArticles : IUpcomingReaderChange
{
    public Task<DateTimeOffset?> NextAsync(CmsDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.Articles.Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > now).MinAsync(a => a.PublishedAt, ct);
}
