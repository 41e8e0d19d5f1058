using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Search;

/// <summary>
/// Search on SQLite: the FTS5 table "ArticleSearch" of text stemmed in .NET (<see cref="SearchText"/>),
/// written in the same transaction as the articles (<see cref="CmsDbContext"/> applies
/// <see cref="IndexChanges"/>). FTS5 rows are keyed by an integer; an article's is derived from its id,
/// and the row also holds the id, which is what searches join on. FTS5 finds a prefix's words itself, and
/// ranks every match (bm25, the title weighted most).
/// </summary>
public sealed class SqliteArticleSearch : IArticleSearch
{
    public static readonly SqliteArticleSearch Instance = new();

    public IQueryable<SearchHit> Hits(CmsDbContext db, SearchQuery query) =>
        db.Set<SearchHit>().FromSql($"""
            SELECT s.article_id AS "ArticleId",
                   -bm25("ArticleSearch", 10.0, 5.0, 2.0, 1.0, 0.0) AS "Rank"
            FROM "ArticleSearch" AS s
            WHERE "ArticleSearch" MATCH {query.Fts5Match()}
            """);

    public IQueryable<SearchHit> RankedHits(CmsDbContext db, SearchQuery query, int recentCheckFromArticles) => Hits(db, query);

    public Task<SearchQuery> CompleteAsync(CmsDbContext db, SearchQuery query, CancellationToken ct) => Task.FromResult(query);

    /// <summary>An article's text to (re)index, or null to remove it.</summary>
    private sealed record Pending(Guid Id, string[]? Columns);

    public Func<CancellationToken, Task>? IndexChanges(CmsDbContext db)
    {
        var pending = db.ChangeTracker.Entries<Article>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => new Pending(e.Entity.Id, e.State == EntityState.Deleted ? null : Columns(e.Entity)))
            .ToList();
        return pending.Count == 0 ? null : ct => ApplyAsync(db, pending, ct);
    }

    private static async Task ApplyAsync(DbContext db, IEnumerable<Pending> pending, CancellationToken ct)
    {
        foreach (var (id, columns) in pending)
        {
            var key = RowKey(id);
            var text = id.ToString().ToUpperInvariant();
            await db.Database.ExecuteSqlAsync(
                $"""DELETE FROM "ArticleSearch" WHERE rowid = {key} AND article_id = {text}""", ct);
            if (columns is not null)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "ArticleSearch" (rowid, title, subtitle, excerpt, body, lang, article_id)
                    VALUES ({key}, {columns[0]}, {columns[1]}, {columns[2]}, {columns[3]}, {columns[4]}, {text})
                    """, ct);
            }
        }
    }

    /// <summary>
    /// Fills the table when it does not hold exactly the articles (after the migration that created
    /// it, or a copy of the database made without it). Returns how many articles were indexed.
    /// </summary>
    public async Task<int> EnsureIndexAsync(CmsDbContext db, CancellationToken ct = default)
    {
        var indexed = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM "ArticleSearch" """).SingleAsync(ct);
        var articles = await db.Articles.LongCountAsync(ct);
        if (indexed == articles)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "ArticleSearch" """, ct);
        var all = await db.Articles.AsNoTracking()
            .Select(a => new { a.Id, a.Language, a.Title, a.Subtitle, a.Excerpt, a.Body }).ToListAsync(ct);
        await ApplyAsync(db, all.Select(a => new Pending(a.Id, Columns(a.Language, a.Title, a.Subtitle, a.Excerpt, a.Body))), ct);
        await transaction.CommitAsync(ct);
        return all.Count;
    }

    /// <summary>A 64-bit row key from the id: the two halves folded together.</summary>
    public static long RowKey(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }

    private static string[] Columns(Article a) => Columns(a.Language, a.Title, a.Subtitle, a.Excerpt, a.Body);

    private static string[] Columns(string language, string title, string? subtitle, string excerpt, string body)
    {
        var analyzer = SearchText.Analyzer(language);
        return
        [
            SearchText.Document(analyzer, title), SearchText.Document(analyzer, subtitle),
            SearchText.Document(analyzer, excerpt), SearchText.Document(analyzer, body), analyzer,
        ];
    }
}
