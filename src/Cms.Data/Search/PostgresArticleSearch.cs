using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Search;

/// <summary>
/// Search on PostgreSQL: the generated, GIN-indexed "SearchVector" column (the Initial migration), built with the
/// cms_id / cms_en / cms_simple text search configurations (unaccent + indonesian / english stemmer), and
/// the "SearchLexemes" table of the archive's words (the Initial migration). The database keeps the column; the save
/// adds the words (<see cref="IndexChanges"/>), in the same transaction.
/// </summary>
public sealed class PostgresArticleSearch : IArticleSearch
{
    public static readonly PostgresArticleSearch Instance = new();

    /// <summary>At most this many matches are ranked by relevance: the newest ones.</summary>
    public const int RankedMatches = 200;

    /// <summary>
    /// Every article that matches, for filters and counts, by the GIN index alone: a match in any
    /// language's configuration (no recheck of each match's tsvector, which would read them all).
    /// </summary>
    public IQueryable<SearchHit> Hits(CmsDbContext db, SearchQuery query)
    {
        var sql = new PostgresSearchSql(query);
        return db.Set<SearchHit>().FromSql(sql.Create($$"""
            SELECT a."Id" AS "ArticleId", 0::double precision AS "Rank"
            FROM "Articles" AS a
            WHERE a."SearchVector" @@ ({{sql.In("cms_id", forIndex: true)}} || {{sql.In("cms_en", forIndex: true)}} || {{sql.In("cms_simple", forIndex: true)}})
            """));
    }

    /// <summary>
    /// The matches to order by relevance. Ranking reads each match's whole tsvector,
    /// so ranking every match of a common word costs in proportion to the archive: only the
    /// <see cref="RankedMatches"/> newest matches are ranked (for a common word found among the newest
    /// articles, for others by GIN). Counts and date-sorted searches still see every match.
    /// </summary>
    /// <param name="recentCheckFromArticles">
    /// From how many articles on the newest articles are checked first (<see cref="RecentCheckFromArticles"/>
    /// unless configured; 0: always).
    /// </param>
    public IQueryable<SearchHit> RankedHits(CmsDbContext db, SearchQuery query, int recentCheckFromArticles)
    {
        var sql = new PostgresSearchSql(query);
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
    /// The query with the whole words the archive holds that the last word being typed starts
    /// (<see cref="SearchQuery.Completions"/>), from the "SearchLexemes" table every save adds its words to in
    /// its transaction (<see cref="IndexChanges"/>). Unchanged when no word is being typed or it has more than
    /// <see cref="MaxCompletions"/> completions (then GIN reads the prefix, as it must for a word typed alone).
    /// The lookup is a statement of its own, before the search's: a story saved between the two with a word
    /// new to the archive is found by that word from the next search on, and a story saved before the
    /// search began (an editor who saw 200) is seen by both.
    /// </summary>
    public async Task<SearchQuery> CompleteAsync(CmsDbContext db, SearchQuery query, CancellationToken ct)
    {
        if (!query.LastIsPrefix)
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
    /// The article fields its search vector is made of (the generated column of the Initial migration; SQLite's
    /// <c>Columns</c> index the same): a save that changes none adds no words.
    /// </summary>
    private static readonly string[] SearchedFields =
        [nameof(Article.Title), nameof(Article.Subtitle), nameof(Article.Excerpt), nameof(Article.Body), nameof(Article.Language)];

    /// <summary>
    /// The words of the articles the save adds or whose text it changes, into "SearchLexemes" after the write (PostgreSQL
    /// has made their search vectors by then): one statement for the whole save, so a batch of 200 new stories looks up
    /// each of their distinct words once, not each story's words once per story.
    /// </summary>
    public Func<CancellationToken, Task>? IndexChanges(CmsDbContext db)
    {
        var ids = db.ChangeTracker.Entries<Article>()
            .Where(e => e.State == EntityState.Added
                || (e.State == EntityState.Modified && SearchedFields.Any(f => e.Property(f) is { IsModified: true } p && !Equals(p.OriginalValue, p.CurrentValue))))
            .Select(e => e.Entity.Id).ToArray();
        return ids.Length == 0 ? null : async ct => await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SearchLexemes" ("Lexeme")
            SELECT DISTINCT l.lexeme COLLATE "C"
            FROM "Articles" AS a CROSS JOIN LATERAL unnest(tsvector_to_array(a."SearchVector")) AS l(lexeme)
            WHERE a."Id" = ANY({ids})
            ORDER BY 1
            ON CONFLICT DO NOTHING
            """, ct);
    }

    public Task<int> EnsureIndexAsync(CmsDbContext db, CancellationToken ct = default) => Task.FromResult(0);

    /// <summary>
    /// The ranked search's candidates for GIN: every word (<paramref name="words"/>, separated by spaces) in
    /// any of the three configurations, the words ANDed; the last also as <paramref name="prefix"/> when it is
    /// being typed (<see cref="PostgresSearchSql.IndexPrefix"/>). The article's own configuration is checked afterwards. ANDing at the top
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
}
