using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Search;

/// <summary>
/// Full-text search over articles' title, subtitle, excerpt and body: what differs per database, with one
/// implementation per provider (<see cref="PostgresArticleSearch"/>, <see cref="SqliteArticleSearch"/>).
/// A context has the one for its provider (<see cref="CmsDbContext.Search"/>).
/// </summary>
public interface IArticleSearch
{
    /// <summary>Every article that matches, unranked, for filters and counts.</summary>
    IQueryable<SearchHit> Hits(CmsDbContext db, SearchQuery query);

    /// <summary>
    /// The matches to order by relevance, with their rank. <paramref name="recentCheckFromArticles"/> is a
    /// tuning of PostgreSQL's (see <see cref="PostgresArticleSearch.RecentCheckFromArticles"/>).
    /// </summary>
    IQueryable<SearchHit> RankedHits(CmsDbContext db, SearchQuery query, int recentCheckFromArticles);

    /// <summary>The query with the completions of a word being typed, where the index needs them looked up first.</summary>
    Task<SearchQuery> CompleteAsync(CmsDbContext db, SearchQuery query, CancellationToken ct);

    /// <summary>
    /// What a save must also write to the search index, captured from the tracked changes before it and
    /// applied in its transaction after it; null when it writes nothing there.
    /// </summary>
    Func<CancellationToken, Task>? IndexChanges(CmsDbContext db);

    /// <summary>Rebuilds an index the database cannot fill itself when it is out of step; how many articles it indexed.</summary>
    Task<int> EnsureIndexAsync(CmsDbContext db, CancellationToken ct = default);
}

/// <summary>
/// An article that matched a search, and how well (higher is better). Mapped to no table, only to
/// the search SQL; keyed by the article id so that a list can join it and still load bylines and tags.
/// </summary>
public sealed record SearchHit(Guid ArticleId, double Rank);

internal sealed class SearchHitConfiguration : IEntityTypeConfiguration<SearchHit>
{
    public void Configure(EntityTypeBuilder<SearchHit> builder)
    {
        builder.HasKey(h => h.ArticleId);
        builder.ToTable((string?)null);
    }
}
