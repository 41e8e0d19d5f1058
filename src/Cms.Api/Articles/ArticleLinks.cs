using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// The bylines and tags of a set of articles, read in one flat query after the articles themselves.
/// Reading them as collections of the article query would join both into it: every article row
/// repeated once per byline and tag (its body too), and EF Core builds delegates for such nested
/// collections on each execution, which measured as half the cost of a cold list.
/// The query reads the link rows alone; the authors' and tags' names come from <see cref="LinkCards"/>.
/// </summary>
public sealed class ArticleLinks
{
    private static readonly ArticleLinks None = new([]);
    private readonly ILookup<Guid, Link> _links;

    private ArticleLinks(IEnumerable<Link> links) => _links = links.ToLookup(l => l.ArticleId);

    /// <summary>A byline (Kind 0) or a tag (Kind 1) of an article, with the author's or tag's card.</summary>
    private sealed record Link(Guid ArticleId, int Kind, int Position, Guid Id, LinkCards.Card Card, BylineRole Role);

    /// <summary>One row of the flat query, and the change log's last sequence number as it read them.</summary>
    private sealed record Row(Guid ArticleId, int Kind, int Position, Guid Id, BylineRole Role, long Seq);

    /// <summary>The links of these articles: one query (none for no articles), and one more for cards not yet known.</summary>
    public static async Task<ArticleLinks> LoadAsync(CmsDbContext db, IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return None;
        }
        var rows = new List<Row>();
        await foreach (var row in Query.For(db)(db, articleIds.Distinct().ToArray()).WithCancellation(ct))
        {
            rows.Add(row);
        }
        return await WithCardsAsync(db, rows, ct);
    }

    /// <summary>The links of these rows, read as of one change-log sequence number, with their authors' and tags' cards.</summary>
    private static async Task<ArticleLinks> WithCardsAsync(CmsDbContext db, List<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return None;
        }
        var cards = await LinkCards.For(db).ResolveAsync(db, rows[0].Seq,
            rows.Where(r => r.Kind == 0).Select(r => r.Id), rows.Where(r => r.Kind == 1).Select(r => r.Id), ct);
        // An author or tag deleted since the links were read goes with its links.
        return new ArticleLinks(rows.Where(r => cards.ContainsKey(r.Id))
            .Select(r => new Link(r.ArticleId, r.Kind, r.Position, r.Id, cards[r.Id], r.Role)));
    }

    // Compiled once: every list, related box and sync page runs it.
    private static readonly PerModel<Func<CmsDbContext, Guid[], IAsyncEnumerable<Row>>> Query = new(Compile);

    // No join to the authors and tags: PostgreSQL hashed every author and tag for each list (a third of the
    // query's runs in pgbench). The change log's last sequence number, read in the same statement, tells
    // whether the cards known here are still current.
    private static Func<CmsDbContext, Guid[], IAsyncEnumerable<Row>> Compile() => EF.CompileAsyncQuery(
        (CmsDbContext db, Guid[] ids) => db.ArticleAuthors.AsNoTracking().Where(b => ids.Contains(b.ArticleId))
            // Anonymous rows: EF Core translates a set operation (UNION ALL) over those, not over records.
            .Select(b => new { b.ArticleId, Kind = 0, b.Position, Id = b.AuthorId, Role = (BylineRole?)b.Role })
            .Concat(db.ArticleTags.AsNoTracking().Where(t => ids.Contains(t.ArticleId))
                .Select(t => new { t.ArticleId, Kind = 1, t.Position, Id = t.TagId, Role = (BylineRole?)null }))
            .Select(r => new Row(r.ArticleId, r.Kind, r.Position, r.Id, r.Role ?? BylineRole.Reporter,
                db.Changes.Max(c => (long?)c.Seq) ?? 0)));

    public List<Byline> Bylines(Guid articleId) =>
        _links[articleId].Where(l => l.Kind == 0).OrderBy(l => l.Position)
            .Select(l => new Byline(l.Id, l.Card.Slug, l.Card.Name, l.Card.Title, l.Card.AvatarUrl, l.Role)).ToList();

    public List<TagSummary> Tags(Guid articleId) =>
        _links[articleId].Where(l => l.Kind == 1).OrderBy(l => l.Position)
            .Select(l => new TagSummary(l.Id, l.Card.Slug, l.Card.Name)).ToList();

    public ArticleSummary Fill(ArticleSummary article) => article with { Authors = Bylines(article.Id), Tags = Tags(article.Id) };

    public ArticleResponse Fill(ArticleResponse article) => article with { Authors = Bylines(article.Id), Tags = Tags(article.Id) };

    /// <summary>
    /// The full article of <paramref name="row"/> with its bylines and tags: their cards from memory, or one query
    /// for cards not yet known.
    /// </summary>
    public static async Task<ArticleResponse> FillAsync(CmsDbContext db, ArticleRow row, CancellationToken ct)
    {
        var rows = new List<Row>();
        Unpack(row, row.Bylines, 0, rows);
        Unpack(row, row.Tags, 1, rows);
        return (await WithCardsAsync(db, rows, ct)).Fill(row.Article);
    }

    /// <summary>The links packed by <see cref="ArticleMappings.RowWithLinkIds"/>: "position id[ role]", joined by commas.</summary>
    private static void Unpack(ArticleRow row, string? packed, int kind, List<Row> rows)
    {
        var parts = kind == 0 ? 3 : 2;
        Span<Range> fields = stackalloc Range[3];
        foreach (var range in (packed ?? "").AsSpan().Split(','))
        {
            var link = packed.AsSpan(range);
            if (link.IsEmpty)
            {
                continue;
            }
            if (link.Split(fields, ' ') != parts)
            {
                throw new FormatException($"Unexpected packed link: {link}");
            }
            rows.Add(new Row(row.Article.Id, kind, int.Parse(link[fields[0]]), Guid.Parse(link[fields[1]]),
                parts == 3 ? Enum.Parse<BylineRole>(link[fields[2]]) : BylineRole.Reporter, row.Seq));
        }
    }

    /// <summary>Summaries with their bylines and tags.</summary>
    public static async Task<List<ArticleSummary>> FillAsync(CmsDbContext db, List<ArticleSummary> articles, CancellationToken ct)
    {
        var links = await LoadAsync(db, articles.Select(a => a.Id).ToList(), ct);
        return articles.Select(links.Fill).ToList();
    }

    /// <summary>Full articles with their bylines and tags.</summary>
    public static async Task<List<ArticleResponse>> FillAsync(CmsDbContext db, List<ArticleResponse> articles, CancellationToken ct)
    {
        var links = await LoadAsync(db, articles.Select(a => a.Id).ToList(), ct);
        return articles.Select(links.Fill).ToList();
    }
}

/// <summary>
/// One article as <see cref="ArticleMappings.RowWithLinkIds"/> reads it: without its bylines and tags, whose
/// ids come packed, and the change log's last sequence number as of the same statement.
/// </summary>
public sealed record ArticleRow(ArticleResponse Article, string? Bylines, string? Tags, long Seq);
