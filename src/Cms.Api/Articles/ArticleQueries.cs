using System.Linq.Expressions;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

using PageRows = System.Func<Cms.Data.CmsDbContext, string, System.DateTimeOffset, int, int,
    System.Collections.Generic.IAsyncEnumerable<Cms.Api.Articles.ArticleSummary>>;

namespace Cms.Api.Articles;

/// <summary>
/// The single-article reads and the readers' plain pages (front, tag, author), compiled once. A LINQ
/// query is built, hashed against EF Core's query cache and scanned for parameters on every execution;
/// for the cold article read that was about a fifth of its CPU time (dotnet-trace), which a compiled
/// query does not spend.
/// </summary>
public static class ArticleQueries
{
    private static readonly PerModel<Compiled> Queries = new(() => new Compiled());

    private sealed class Compiled
    {
        public readonly Func<CmsDbContext, Guid, DateTimeOffset, CancellationToken, Task<ArticleRow?>> ById =
            EF.CompileAsyncQuery(Single<Guid>((a, id) => a.Id == id));

        public readonly Func<CmsDbContext, string, DateTimeOffset, CancellationToken, Task<ArticleRow?>> BySlug =
            EF.CompileAsyncQuery(Single<string>((a, slug) => a.Slug == slug));

        // The pages of ArticleFilter.Plain, as its general query builds them (ArticleFilter.Where, Narrow, Order).
        public readonly PageRows Newest = EF.CompileAsyncQuery(Page((visible, db, key, now, skip, take) =>
            visible.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Skip(skip).Take(take)));

        public readonly PageRows Tag = EF.CompileAsyncQuery(Page((visible, db, slug, now, skip, take) => visible
            .Where(a => db.ArticleTags
                .Where(t => t.TagId == db.Tags.Where(x => x.Slug == slug).Select(x => x.Id).FirstOrDefault() && t.ListedAt <= now)
                .OrderByDescending(t => t.ListedAt).ThenByDescending(t => t.ArticleId).Take(skip + take)
                .Select(t => t.ArticleId).Contains(a.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Skip(skip).Take(take)));

        public readonly PageRows Author = EF.CompileAsyncQuery(Page((visible, db, slug, now, skip, take) => visible
            .Where(a => db.ArticleAuthors
                .Where(b => b.AuthorId == db.Authors.Where(x => x.Slug == slug).Select(x => x.Id).FirstOrDefault() && b.ListedAt <= now)
                .OrderByDescending(b => b.ListedAt).ThenByDescending(b => b.ArticleId).Take(skip + take)
                .Select(b => b.ArticleId).Contains(a.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Skip(skip).Take(take)));
    }

    /// <summary>
    /// The article with its bylines and tags as of <paramref name="now"/>: one query, and one more only for
    /// authors' and tags' cards not yet in memory (<see cref="LinkCards"/>).
    /// </summary>
    public static async Task<ArticleResponse?> FindAsync(CmsDbContext db, Guid id, DateTimeOffset now, CancellationToken ct) =>
        await Queries.For(db).ById(db, id, now, ct) is { } row ? await ArticleLinks.FillAsync(db, row, ct) : null;

    /// <inheritdoc cref="FindAsync(CmsDbContext, Guid, DateTimeOffset, CancellationToken)"/>
    public static async Task<ArticleResponse?> FindAsync(CmsDbContext db, string slug, DateTimeOffset now, CancellationToken ct) =>
        await Queries.For(db).BySlug(db, slug, now, ct) is { } row ? await ArticleLinks.FillAsync(db, row, ct) : null;

    /// <summary>
    /// Rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of a plain page (see
    /// <see cref="ArticleFilter.Plain"/>) for readers without a key, as list items without bylines and tags.
    /// </summary>
    public static async Task<List<ArticleSummary>> PageAsync(CmsDbContext db, PlainPage page, DateTimeOffset now, int skip, int take,
        CancellationToken ct)
    {
        var compiled = Queries.For(db);
        var query = page.Kind switch
        {
            PlainPageKind.Tag => compiled.Tag,
            PlainPageKind.Author => compiled.Author,
            _ => compiled.Newest,
        };
        var rows = new List<ArticleSummary>(take);
        await foreach (var row in query(db, page.Slug ?? "", now, skip, take).WithCancellation(ct))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// (db, key, now, skip, take) => rows(db.Articles.AsNoTracking().Where(VisibleAt(now)), db, key, now, skip, take)
    /// .Select(a => Summary(a, now)), spelled out so that visibility and the list item are written once.
    /// </summary>
    private static Expression<Func<CmsDbContext, string, DateTimeOffset, int, int, IQueryable<ArticleSummary>>> Page(
        Expression<Func<IQueryable<Article>, CmsDbContext, string, DateTimeOffset, int, int, IQueryable<Article>>> rows)
    {
        var (db, now) = (rows.Parameters[1], rows.Parameters[3]);
        Expression visible = Expression.Property(db, nameof(CmsDbContext.Articles));
        visible = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsNoTracking),
            [typeof(Article)], visible);
        visible = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(Article)], visible,
            Expression.Quote(WithClock(ArticleVisibility.VisibleAt, now)));
        var query = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Article), typeof(ArticleSummary)],
            ReplacingExpressionVisitor.Replace(rows.Parameters[0], visible, rows.Body),
            Expression.Quote(WithClock(ArticleMappings.Summary, now)));
        return Expression.Lambda<Func<CmsDbContext, string, DateTimeOffset, int, int, IQueryable<ArticleSummary>>>(
            query, rows.Parameters.Skip(1));
    }

    private static Expression<Func<Article, T>> WithClock<T>(Expression<Func<Article, DateTimeOffset, T>> expression,
        ParameterExpression now) =>
        Expression.Lambda<Func<Article, T>>(
            ReplacingExpressionVisitor.Replace(expression.Parameters[1], now, expression.Body), expression.Parameters[0]);

    /// <summary>
    /// (db, key, now, ct) => db.Articles.AsNoTracking().Where(a => match(a, key)).Select(a => RowWithLinkIds(db, a, now)).SingleOrDefault(),
    /// spelled out because a compiled query's lambda cannot call the projection it shares with the other reads.
    /// </summary>
    private static Expression<Func<CmsDbContext, TKey, DateTimeOffset, CancellationToken, ArticleRow?>> Single<TKey>(
        Expression<Func<Article, TKey, bool>> match)
    {
        var key = Expression.Parameter(typeof(TKey), "key");
        var ct = Expression.Parameter(typeof(CancellationToken), "ct");
        var projection = ArticleMappings.RowWithLinkIds;
        var (db, now) = (projection.Parameters[0], projection.Parameters[2]);
        var where = Expression.Lambda<Func<Article, bool>>(
            ReplacingExpressionVisitor.Replace(match.Parameters[1], key, match.Body), match.Parameters[0]);
        var select = Expression.Lambda<Func<Article, ArticleRow>>(projection.Body, projection.Parameters[1]);

        Expression query = Expression.Property(db, nameof(CmsDbContext.Articles));
        query = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsNoTracking),
            [typeof(Article)], query);
        query = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(Article)], query, Expression.Quote(where));
        query = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Article), typeof(ArticleRow)],
            query, Expression.Quote(select));
        query = Expression.Call(typeof(Queryable), nameof(Queryable.SingleOrDefault), [typeof(ArticleRow)], query);
        return Expression.Lambda<Func<CmsDbContext, TKey, DateTimeOffset, CancellationToken, ArticleRow?>>(query, db, key, now, ct);
    }
}
