using System.Linq.Expressions;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

/// <summary>
/// What readers may see is decided at query time against the clock, so a scheduled story appears
/// on its minute with no job to run: published or scheduled, and its time has come.
/// </summary>
public static class ArticleVisibility
{
    /// <summary>Visible to readers at the clock's instant; a parameter, so that compiled queries can take it.</summary>
    public static readonly Expression<Func<Article, DateTimeOffset, bool>> VisibleAt = (a, now) =>
        (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now;

    public static Expression<Func<Article, bool>> Visible(DateTimeOffset now) => ArticleMappings.At(VisibleAt, now);

    public static bool IsVisible(ArticleStatus shown, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        shown == ArticleStatus.Published && publishedAt <= now;

    public static bool IsPublishing(ArticleStatus? status) =>
        status is ArticleStatus.Published or ArticleStatus.Scheduled;

    /// <summary>Published with a time still to come is stored as scheduled, and the other way round.</summary>
    public static ArticleStatus Stored(ArticleStatus requested, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        IsPublishing(requested)
            ? publishedAt > now ? ArticleStatus.Scheduled : ArticleStatus.Published
            : requested;

    /// <summary>The status filter of a list, in the terms a reader sees.</summary>
    public static Expression<Func<Article, bool>> Shown(ArticleStatus status, DateTimeOffset now) => status switch
    {
        ArticleStatus.Published => Visible(now),
        ArticleStatus.Scheduled => a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > now,
        _ => a => a.Status == status,
    };
}
