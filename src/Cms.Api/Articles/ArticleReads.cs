using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// The single-article reads (by id, by slug) as compiled queries: the one place the API compiles one, and the one
/// way an article is read whole, for readers and as the answer to a write. Built per
/// request, this query's expression was hashed against EF Core's cache and scanned for parameters every time,
/// which cost as much as the rest of the cold read (measured with bench/run.sh, see docs/performance.md).
/// A singleton of the app, because a compiled query serves the model it first ran with: two apps in one
/// process (the tests run SQLite and PostgreSQL side by side) each have their own.
/// </summary>
public sealed class ArticleReads(Media.Variants variants, SiteLinks site, Live.LiveUpdates live)
{
    private readonly Func<CmsDbContext, Guid, CancellationToken, Task<ArticleResponse?>> _byId =
        EF.CompileAsyncQuery((CmsDbContext db, Guid id, CancellationToken ct) =>
            db.Articles.AsNoTracking().Where(a => a.Id == id).Select(ArticleMappings.ToResponse).SingleOrDefault());

    private readonly Func<CmsDbContext, string, CancellationToken, Task<ArticleResponse?>> _bySlug =
        EF.CompileAsyncQuery((CmsDbContext db, string slug, CancellationToken ct) =>
            db.Articles.AsNoTracking().Where(a => a.Slug == slug).Select(ArticleMappings.ToResponse).SingleOrDefault());

    /// <summary>The article, its status as shown at <paramref name="now"/>; null when there is none.</summary>
    public async Task<ArticleResponse?> FindAsync(CmsDbContext db, Guid id, DateTimeOffset now, CancellationToken ct) =>
        await WithLiveAsync(db, (await _byId(db, id, ct))?.ShownAt(now).WithVariants(variants).WithSite(site), ct);

    /// <inheritdoc cref="FindAsync(CmsDbContext, Guid, DateTimeOffset, CancellationToken)"/>
    public async Task<ArticleResponse?> FindAsync(CmsDbContext db, string slug, DateTimeOffset now, CancellationToken ct) =>
        await WithLiveAsync(db, (await _bySlug(db, slug, ct))?.ShownAt(now).WithVariants(variants).WithSite(site), ct);

    /// <summary>A live story with its coverage and newest updates (two more queries, only for a live story).</summary>
    private async Task<ArticleResponse?> WithLiveAsync(CmsDbContext db, ArticleResponse? article, CancellationToken ct) =>
        article is { HasLiveCoverage: true }
            ? article with { Live = await live.CoverageAsync(db, new Live.LiveStory(article.Id, article.Slug, article.PublishedAt), live.UpdatesInArticle, ct) }
            : article;
}
