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
        var sql = new SearchSql(query);
        if (!ranked)
        {
            // The GIN index alone: the articles matching in any of the three configurations.
            return db.Set<SearchHit>().FromSql(sql.Create($$"""
                SELECT a."Id" AS "ArticleId", 0::double precision AS "Rank"
                FROM "Articles" AS a
                WHERE a."SearchVector" @@ ({{sql.In("cms_id", forIndex: true)}} || {{sql.In("cms_en", forIndex: true)}} || {{sql.In("cms_simple", forIndex: true)}})
                """));
        }
        var own = $$"""
            CASE split_part(lower(a."Language"), '-', 1)
                WHEN 'id' THEN {{sql.In("cms_id")}}
                WHEN 'en' THEN {{sql.In("cms_en")}}
                ELSE {{sql.In("cms_simple")}} END
            """;
        var words = sql.Arg(string.Join(' ', query.Words()));
        var recentCheck = sql.Arg(recentCheckFromArticles);
        // The newest matches, then only those checked in their own language's configuration and ranked.
        // A common word ("pemilu") has its newest matches among the newest articles: the (PublishedAt, Id)
        // index walked for RecentArticles of them finds them without reading the rest. A rarer word or a
        // name does not: the GIN index finds all its matches and their dates pick the newest. Both give the
        // same matches; which is faster is judged by a probe of the ProbeArticles newest articles, since
        // checking RecentArticles of them costs a name search milliseconds it then throws away. In a small
        // archive GIN reads even a common word's matches quickly: the probe runs from
        // RecentCheckFromArticles articles on (PostgreSQL's own estimate of the table's size). The plan is
        // spelled out (CTEs, one-time filters, OFFSET 0, a CASE the planner cannot match to the index)
        // because it is prepared once for every search: a generic plan cannot tell a name from a common
        // word, and by relevance the common word took 6-10 s at a million articles when both went through GIN.
        // Each match brings its language and vector from the row that found it, rather than looking the
        // article up again, and the vector is read from TOAST once, by the lateral subquery (OFFSET 0 keeps it a
        // subquery, and the empty concatenation makes the value it passes up a plain one): checked by @@ and
        // ranked by ts_rank from the same copy, where each would fetch it again (together 0.4 ms of a 36-match
        // name search at a million articles).
        return db.Set<SearchHit>().FromSql(sql.Create($$"""
            SELECT a."Id" AS "ArticleId", ts_rank(a."SearchVector", {{own}})::double precision AS "Rank"
            FROM (
                WITH q AS MATERIALIZED (SELECT {{EachWordAnyConfiguration(words, sql.IndexPrefix)}} AS q),
                probe AS MATERIALIZED (
                    SELECT count(*) >= {{ProbeMatches}} AS likely
                    FROM (
                        SELECT m."SearchVector"
                        FROM "Articles" AS m
                        WHERE m."PublishedAt" IS NOT NULL
                            AND (SELECT greatest(t.reltuples, 0) FROM pg_class AS t WHERE t.oid = '"Articles"'::regclass) >= {{recentCheck}}
                        ORDER BY m."PublishedAt" DESC, m."Id" DESC
                        LIMIT {{ProbeArticles}}
                    ) AS p
                    WHERE CASE WHEN p."SearchVector" @@ (SELECT q FROM q) THEN true END
                ),
                recent AS MATERIALIZED (
                    SELECT r."Id", r."Language", r."SearchVector"
                    FROM (
                        SELECT m."Id", m."PublishedAt", m."Language", m."SearchVector"
                        FROM "Articles" AS m
                        WHERE m."PublishedAt" IS NOT NULL AND (SELECT likely FROM probe)
                        ORDER BY m."PublishedAt" DESC, m."Id" DESC
                        LIMIT {{RecentArticles}}
                    ) AS r
                    WHERE CASE WHEN r."SearchVector" @@ (SELECT q FROM q) THEN true END
                    ORDER BY r."PublishedAt" DESC, r."Id" DESC
                    LIMIT {{RankedMatches}}
                ),
                enough AS MATERIALIZED (SELECT count(*) = {{RankedMatches}} AS enough FROM recent)
                SELECT recent."Id", recent."Language", recent."SearchVector" FROM recent WHERE (SELECT enough FROM enough)
                UNION ALL
                (SELECT m."Id", m."Language", m."SearchVector"
                 FROM (
                     SELECT m."Id", m."PublishedAt", m."Language", m."SearchVector"
                     FROM "Articles" AS m
                     WHERE NOT (SELECT enough FROM enough) AND m."SearchVector" @@ (SELECT q FROM q)
                     OFFSET 0
                 ) AS m
                 ORDER BY m."PublishedAt" DESC NULLS LAST, m."Id" DESC
                 LIMIT {{RankedMatches}})
            ) AS c
            CROSS JOIN LATERAL (SELECT c."Id", c."Language", c."SearchVector" || ''::tsvector AS "SearchVector" OFFSET 0) AS a
            WHERE a."SearchVector" @@ {{own}}
            """));
    }

    /// <summary>At most this many completions of a word being typed are looked up; past them the prefix is used.</summary>
    public const int MaxCompletions = 64;

    /// <summary>
    /// On PostgreSQL, the query with the whole words the archive holds that the last word being typed starts
    /// (<see cref="SearchQuery.Completions"/>), from the "SearchLexemes" table that triggers on "Articles" keep
    /// in the same transaction as every write (migration SearchLexemes). Unchanged on SQLite, whose FTS5
    /// index finds a prefix's words itself, and when no word is being typed or it has more than
    /// <see cref="MaxCompletions"/> completions (then GIN reads the prefix, as it must for a word typed alone).
    /// The lookup is a statement of its own, before the search's: a story saved between the two with a word
    /// new to the archive is found by that word from the next search on, and a story saved before the
    /// search began (an editor who saw 200) is seen by both.
    /// </summary>
    public static async Task<SearchQuery> CompleteAsync(CmsDbContext db, SearchQuery query, CancellationToken ct)
    {
        if (!query.LastIsPrefix || db.Database.IsSqlite())
        {
            return query;
        }
        // The words from the prefix to the prefix with its last character one higher: a range a prepared
        // statement's generic plan still reads from the primary key (it cannot for LIKE with a parameter).
        // In C order that range is what starts with the prefix; from U+D7FF on (next to and past the
        // surrogates, where UTF-16 and C order part) the prefix is left to GIN.
        var typed = query.Terms[^1].Folded;
        if (typed[^1] >= '\uD7FF')
        {
            return query;
        }
        var (from, to) = (typed, typed[..^1] + (char)(typed[^1] + 1));
        var completions = await db.Database.SqlQuery<string>($"""
            SELECT l."Lexeme" AS "Value" FROM "SearchLexemes" AS l
            WHERE l."Lexeme" >= {from} AND l."Lexeme" < {to}
            ORDER BY l."Lexeme"
            LIMIT {MaxCompletions + 1}
            """).ToListAsync(ct);
        return completions.Count > MaxCompletions ? query : query with { Completions = completions };
    }

    /// <summary>How many of the newest articles a search reads before it asks the GIN index instead.</summary>
    public const int RecentArticles = 1000;

    /// <summary>
    /// The archive size from which that check (and the probe before it) runs. Below it, a word in a
    /// fifth of the articles (what the check can find) has at most 10,000 matches, which GIN and the
    /// heap read in tens of milliseconds; at a million articles it has 200,000 and takes seconds.
    /// </summary>
    public const int RecentCheckFromArticles = 50_000;

    /// <summary>
    /// How many of the newest articles are probed first, and how many of them must match for the check of
    /// <see cref="RecentArticles"/> to run: it can only succeed for a word in a fifth of the newest
    /// articles, which would be about 20 of these. A name matches none.
    /// </summary>
    public const int ProbeArticles = 100, ProbeMatches = 10;

    /// <summary>
    /// The ranked search's candidates for GIN: every word (<paramref name="words"/>, separated by spaces) in
    /// any of the three configurations, the words ANDed; the last also as <paramref name="prefix"/> when it is
    /// being typed (<see cref="SearchSql.IndexPrefix"/>). The article's own configuration is checked afterwards. ANDing at the top
    /// lets GIN skip through the rarest word's matches, where ORing three whole queries made it visit every
    /// match of every word. Each word's distinct queries once: for most (names, numbers, words no stemmer
    /// changes) the three are the same, and GIN would otherwise look every term up three times.
    /// </summary>
    private static string EachWordAnyConfiguration(string words, string? prefix) => $$"""
        (SELECT string_agg('(' || w.q::text || ')', ' & ')::tsquery
         FROM (
             SELECT {{(prefix is null ? "s.q" : $"""
                 CASE WHEN word.i = cardinality(string_to_array({words}, ' ')) THEN s.q || {prefix}::tsquery ELSE s.q END
                 """)}} AS q
             FROM unnest(string_to_array({{words}}, ' ')) WITH ORDINALITY AS word(t, i)
             CROSS JOIN LATERAL (
                 SELECT CASE WHEN i.q = e.q AND e.q = p.q THEN p.q
                             WHEN i.q = p.q THEN e.q || p.q
                             WHEN e.q = p.q OR i.q = e.q THEN i.q || p.q
                             ELSE i.q || e.q || p.q END AS q
                 FROM (SELECT to_tsquery('cms_id', quote_literal(word.t)) AS q) AS i,
                      (SELECT to_tsquery('cms_en', quote_literal(word.t)) AS q) AS e,
                      (SELECT to_tsquery('cms_simple', quote_literal(word.t)) AS q) AS p
             ) AS s
         ) AS w
         WHERE numnode(w.q) > 0)
        """;

    /// <summary>A search's SQL parameters ({0}, {1}, ...) and its query in each configuration.</summary>
    private sealed class SearchSql
    {
        private readonly List<object> _args = [];
        private readonly string? _exact, _typed, _prefix;

        public SearchSql(SearchQuery query)
        {
            var words = query.Words();
            var exact = query.LastIsPrefix ? words[..^1] : words;
            _exact = exact.Length > 0 ? Arg(string.Join(" & ", exact.Select(w => $"'{w}'"))) : null;
            if (query.LastIsPrefix)
            {
                (_typed, _prefix) = (Arg($"'{words[^1]}'"), Arg($"'{words[^1]}':*"));
                IndexPrefix = query.Completions is { Count: > 0 } completions
                    ? Arg(string.Join(" | ", completions.Select(Quoted)))
                    : _prefix;
            }
        }

        /// <summary>
        /// The typed last word's prefix as GIN is asked for it: its completions ORed when they were looked up
        /// (<see cref="SearchQuery.Completions"/>), otherwise the prefix itself. The same articles either
        /// way; but GIN gathers every article of a prefix before it can AND it with the other words (62 ms
        /// for "najam hakim" at a million articles, where "hakim" is in two thirds of them), and skips
        /// through whole words. Null when no word is being typed.
        /// </summary>
        public string? IndexPrefix { get; }

        /// <summary>A lexeme as a tsquery operand: quoted, its quotes and backslashes doubled.</summary>
        private static string Quoted(string lexeme) => $"'{lexeme.Replace("\\", "\\\\").Replace("'", "''")}'";

        /// <summary>A parameter for the value: its placeholder.</summary>
        public string Arg(object value)
        {
            _args.Add(value);
            return $"{{{_args.Count - 1}}}";
        }

        public FormattableString Create(string format) => FormattableStringFactory.Create(format, _args.ToArray());

        /// <summary>
        /// The search in one configuration: the words stemmed by it, ANDed. The last word, while it is being
        /// typed, also matches any stem that starts with it as typed: not with its own stem, which would widen
        /// a name's "sudiati" (stemmed "sudiat") to every Sudiatmo, and at a million articles made GIN gather
        /// 7,291 matches to find 39 (10 ms; 0.6 ms this way). Built from functions of the parameters alone,
        /// so that PostgreSQL works it out while planning and estimates its matches from the words. With
        /// <paramref name="forIndex"/>, the typed prefix as GIN is given it (<see cref="IndexPrefix"/>).
        /// </summary>
        public string In(string configuration, bool forIndex = false)
        {
            var last = $"(to_tsquery('{configuration}', {_typed}) || {(forIndex ? IndexPrefix : _prefix)}::tsquery)";
            return (_exact, _typed) switch
            {
                (not null, null) => $"to_tsquery('{configuration}', {_exact})",
                (null, not null) => last,
                _ => $"(to_tsquery('{configuration}', {_exact}) && {last})",
            };
        }
    }
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
