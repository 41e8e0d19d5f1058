using System.Runtime.CompilerServices;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Search;

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

/// <summary>
/// Full-text search over articles' title, subtitle, excerpt and body, one query per provider.
/// PostgreSQL: the generated, GIN-indexed "SearchVector" column (migration Search), built with the
/// cms_id / cms_en / cms_simple text search configurations (unaccent + indonesian / english stemmer).
/// SQLite: the FTS5 table "ArticleSearch", which <see cref="SqliteArticleSearchIndex"/> keeps in step.
/// </summary>
public static class ArticleSearch
{
    /// <summary>At most this many matches are ranked by relevance on PostgreSQL: the newest ones.</summary>
    public const int RankedMatches = 200;

    /// <summary>
    /// Every article that matches, for filters and counts. On PostgreSQL unranked, and by the GIN index
    /// alone: a match in any language's configuration (no recheck of each match's tsvector, which
    /// would read them all).
    /// </summary>
    public static IQueryable<SearchHit> Hits(CmsDbContext db, SearchQuery query) => Hits(db, query, ranked: false);

    /// <summary>
    /// The matches to order by relevance. On PostgreSQL ranking reads each match's whole tsvector,
    /// so ranking every match of a common word costs in proportion to the archive: only the
    /// <see cref="RankedMatches"/> newest matches are ranked (for a common word found among the newest
    /// articles, for others by GIN). Counts and date-sorted searches still see every match.
    /// </summary>
    /// <param name="recentCheckFromArticles">
    /// From how many articles on the newest articles are checked first (<see cref="RecentCheckFromArticles"/>
    /// unless configured; 0: always).
    /// </param>
    public static IQueryable<SearchHit> RankedHits(CmsDbContext db, SearchQuery query, int recentCheckFromArticles) =>
        Hits(db, query, ranked: true, recentCheckFromArticles);

    private static IQueryable<SearchHit> Hits(CmsDbContext db, SearchQuery query, bool ranked, int recentCheckFromArticles = 0)
    {
        if (db.Database.IsSqlite())
        {
            return db.Set<SearchHit>().FromSql($"""
                SELECT s.article_id AS "ArticleId",
                       -bm25("ArticleSearch", 10.0, 5.0, 2.0, 1.0, 0.0) AS "Rank"
                FROM "ArticleSearch" AS s
                WHERE "ArticleSearch" MATCH {query.Fts5Match()}
                """);
        }
        var tsquery = query.TsQuery();
        if (!ranked)
        {
            // The GIN index alone: the articles matching in any of the three configurations.
            return db.Set<SearchHit>().FromSql($"""
                SELECT a."Id" AS "ArticleId", 0::double precision AS "Rank"
                FROM "Articles" AS a
                WHERE a."SearchVector" @@ (to_tsquery('cms_id', {tsquery}) || to_tsquery('cms_en', {tsquery}) || to_tsquery('cms_simple', {tsquery}))
                """);
        }
        // The newest matches, then only those checked in their own language's configuration and ranked.
        // A common word ("pemilu", in 1 of 15 stories) has its newest matches among the newest articles:
        // the (PublishedAt, Id) index walked for RecentArticles of them finds them without reading the
        // rest. A rarer word or a name does not: the GIN index finds all its matches and their dates
        // pick the newest. In a small archive GIN reads even a common word's matches quickly, and the
        // check would only cost every other search: it runs from RecentCheckFromArticles articles on
        // (PostgreSQL's own estimate of the table's size). The plan is spelled out (CTEs, one-time
        // filters, OFFSET 0, a CASE the planner cannot match to the index) because it is prepared once
        // for every search: a generic plan cannot tell a name from a common word, and by relevance the
        // common word took 6-10 s at a million articles when both went through GIN.
        return db.Set<SearchHit>().FromSql(FormattableStringFactory.Create($$"""
            SELECT a."Id" AS "ArticleId", ts_rank(a."SearchVector", {{OwnConfiguration}})::double precision AS "Rank"
            FROM (
                WITH q AS MATERIALIZED (SELECT {{AnyConfiguration}} AS q),
                recent AS MATERIALIZED (
                    SELECT r."Id"
                    FROM (
                        SELECT m."Id", m."PublishedAt", m."SearchVector"
                        FROM "Articles" AS m
                        WHERE m."PublishedAt" IS NOT NULL
                            AND (SELECT greatest(t.reltuples, 0) FROM pg_class AS t WHERE t.oid = '"Articles"'::regclass) >= {1}
                        ORDER BY m."PublishedAt" DESC, m."Id" DESC
                        LIMIT {{RecentArticles}}
                    ) AS r
                    WHERE CASE WHEN r."SearchVector" @@ (SELECT q FROM q) THEN true END
                    ORDER BY r."PublishedAt" DESC, r."Id" DESC
                    LIMIT {{RankedMatches}}
                ),
                enough AS MATERIALIZED (SELECT count(*) = {{RankedMatches}} AS enough FROM recent)
                SELECT recent."Id" FROM recent WHERE (SELECT enough FROM enough)
                UNION ALL
                (SELECT m."Id"
                 FROM (
                     SELECT m."Id", m."PublishedAt"
                     FROM "Articles" AS m
                     WHERE NOT (SELECT enough FROM enough) AND m."SearchVector" @@ (SELECT q FROM q)
                     OFFSET 0
                 ) AS m
                 ORDER BY m."PublishedAt" DESC NULLS LAST, m."Id" DESC
                 LIMIT {{RankedMatches}})
            ) AS c
            INNER JOIN "Articles" AS a ON a."Id" = c."Id"
            WHERE a."SearchVector" @@ {{OwnConfiguration}}
            """, tsquery, recentCheckFromArticles));
    }

    /// <summary>How many of the newest articles a search reads before it asks the GIN index instead.</summary>
    public const int RecentArticles = 1000;

    /// <summary>
    /// The archive size from which that check runs. Below it, a word in a fifth of the articles (what
    /// the check can find) has at most 10,000 matches, which GIN and the heap read in tens of
    /// milliseconds; at a million articles it has 200,000 and takes seconds.
    /// </summary>
    public const int RecentCheckFromArticles = 50_000;

    /// <summary>
    /// The search ({0}) in any of the three configurations, each distinct query once: for most searches
    /// (names, numbers, words no stemmer changes) the three are the same query, and GIN would otherwise
    /// look up every term three times (measured at 1,000,000 articles: a prefix search's index scan
    /// took 16 ms with the query ORed three times, 6 ms once). Worked out once per search, in a CTE.
    /// </summary>
    private const string AnyConfiguration = """
        CASE WHEN to_tsquery('cms_id', {0}) = to_tsquery('cms_simple', {0}) AND to_tsquery('cms_en', {0}) = to_tsquery('cms_simple', {0})
                 THEN to_tsquery('cms_simple', {0})
             WHEN to_tsquery('cms_id', {0}) = to_tsquery('cms_simple', {0})
                 THEN to_tsquery('cms_en', {0}) || to_tsquery('cms_simple', {0})
             WHEN to_tsquery('cms_en', {0}) = to_tsquery('cms_simple', {0}) OR to_tsquery('cms_id', {0}) = to_tsquery('cms_en', {0})
                 THEN to_tsquery('cms_id', {0}) || to_tsquery('cms_simple', {0})
             ELSE to_tsquery('cms_id', {0}) || to_tsquery('cms_en', {0}) || to_tsquery('cms_simple', {0}) END
        """;

    /// <summary>The search ({0}) in the configuration of the article's own language.</summary>
    private const string OwnConfiguration = """
        CASE split_part(lower(a."Language"), '-', 1)
            WHEN 'id' THEN to_tsquery('cms_id', {0})
            WHEN 'en' THEN to_tsquery('cms_en', {0})
            ELSE to_tsquery('cms_simple', {0}) END
        """;
}

/// <summary>
/// The SQLite FTS5 table of stemmed article text, written in the same transaction as the articles
/// (see <see cref="CmsDbContext"/>). FTS5 rows are keyed by an integer; an article's is derived from
/// its id, and the row also holds the id, which is what searches join on.
/// </summary>
public static class SqliteArticleSearchIndex
{
    /// <summary>An article's text to (re)index, or null to remove it.</summary>
    public sealed record Pending(Guid Id, string[]? Columns);

    public static List<Pending> Capture(ChangeTracker tracker) =>
        tracker.Entries<Article>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => new Pending(e.Entity.Id, e.State == EntityState.Deleted ? null : Columns(e.Entity)))
            .ToList();

    public static async Task ApplyAsync(DbContext db, IEnumerable<Pending> pending, CancellationToken ct)
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
    public static async Task<int> EnsureAsync(CmsDbContext db, CancellationToken ct = default)
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
