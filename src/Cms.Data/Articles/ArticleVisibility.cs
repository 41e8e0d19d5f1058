using System.Linq.Expressions;

namespace Cms.Data.Articles;

/// <summary>
/// What readers may see, decided at query time against the clock, so a scheduled story appears on its
/// minute with no job to run: published or scheduled, and its time has come. The one home of that rule,
/// and of the copy of it that tag and byline rows carry (<see cref="ListedAt"/>).
/// </summary>
public static class ArticleVisibility
{
    /// <summary>Visible to readers at <paramref name="now"/>.</summary>
    public static Expression<Func<Article, bool>> Visible(DateTimeOffset now) =>
        a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now;

    /// <summary>
    /// An article's listing time: when it is (or will be) published, else null. Its tag and byline rows keep a
    /// copy (<see cref="ArticleTag.ListedAt"/>, kept in step by <see cref="CmsDbContext"/>), so that a tag or
    /// author page walks one index of its own: a link is visible at <c>now</c> exactly when its ListedAt is at
    /// or before <c>now</c>, which is <see cref="Visible"/> (a test holds the two to agreeing).
    /// </summary>
    public static readonly Expression<Func<Article, DateTimeOffset?>> ListedAt = a =>
        a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled ? a.PublishedAt : null;

    /// <summary>An article as read (its status as shown, see <see cref="Shown(ArticleStatus, DateTimeOffset?, DateTimeOffset)"/>) is visible.</summary>
    public static bool IsVisible(ArticleStatus shown, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        shown == ArticleStatus.Published && publishedAt <= now;

    public static bool IsPublishing(ArticleStatus? status) =>
        status is ArticleStatus.Published or ArticleStatus.Scheduled;

    /// <summary>Published with a time still to come is stored as scheduled, and the other way round.</summary>
    public static ArticleStatus Stored(ArticleStatus requested, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        IsPublishing(requested)
            ? publishedAt > now ? ArticleStatus.Scheduled : ArticleStatus.Published
            : requested;

    /// <summary>The status a reader sees: a scheduled story whose time has come reads as published.</summary>
    public static ArticleStatus Shown(ArticleStatus stored, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        stored == ArticleStatus.Scheduled && publishedAt <= now ? ArticleStatus.Published : stored;

    /// <summary>The status filter of a list, in the terms a reader sees.</summary>
    public static Expression<Func<Article, bool>> Shown(ArticleStatus status, DateTimeOffset now) => status switch
    {
        ArticleStatus.Published => Visible(now),
        ArticleStatus.Scheduled => a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > now,
        _ => a => a.Status == status,
    };
}
