using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// The bylines and tags of a set of articles, read in one flat query after the articles themselves.
/// Reading them as collections of the article query would join both into it: every article row
/// repeated once per byline and tag (its body too), and EF Core builds delegates for such nested
/// collections on each execution, which measured as half the cost of a cold list.
/// </summary>
public sealed class ArticleLinks
{
    private static readonly ArticleLinks None = new([]);
    private readonly ILookup<Guid, Link> _links;

    private ArticleLinks(IEnumerable<Link> links) => _links = links.ToLookup(l => l.ArticleId);

    /// <summary>One row of the flat query: a byline (Kind 0) or a tag (Kind 1) of an article.</summary>
    private sealed record Link(Guid ArticleId, int Kind, int Position, Guid Id, string Slug, string Name, string? Title,
        string? AvatarUrl, BylineRole Role);

    /// <summary>The links of these articles: one query (none for no articles).</summary>
    public static async Task<ArticleLinks> LoadAsync(CmsDbContext db, IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return None;
        }
        var rows = new List<Link>();
        await foreach (var row in Query.For(db)(db, articleIds.Distinct().ToArray()).WithCancellation(ct))
        {
            rows.Add(row);
        }
        return new ArticleLinks(rows);
    }

    // Compiled once: every list, related box and sync page runs it.
    private static readonly PerModel<Func<CmsDbContext, Guid[], IAsyncEnumerable<Link>>> Query = new(Compile);

    private static Func<CmsDbContext, Guid[], IAsyncEnumerable<Link>> Compile() => EF.CompileAsyncQuery(
        (CmsDbContext db, Guid[] ids) => db.ArticleAuthors.AsNoTracking().Where(b => ids.Contains(b.ArticleId))
            // Anonymous rows: EF Core translates a set operation (UNION ALL) over those, not over records.
            .Select(b => new
            {
                b.ArticleId, Kind = 0, b.Position, b.Author.Id, b.Author.Slug, b.Author.Name, b.Author.Title,
                b.Author.AvatarUrl, Role = (BylineRole?)b.Role,
            })
            .Concat(db.ArticleTags.AsNoTracking().Where(t => ids.Contains(t.ArticleId))
                .Select(t => new
                {
                    t.ArticleId, Kind = 1, t.Position, t.Tag.Id, t.Tag.Slug, t.Tag.Name, Title = (string?)null,
                    AvatarUrl = (string?)null, Role = (BylineRole?)null,
                }))
            .Select(r => new Link(r.ArticleId, r.Kind, r.Position, r.Id, r.Slug, r.Name, r.Title, r.AvatarUrl,
                r.Role ?? BylineRole.Reporter)));

    public List<Byline> Bylines(Guid articleId) =>
        _links[articleId].Where(l => l.Kind == 0).OrderBy(l => l.Position)
            .Select(l => new Byline(l.Id, l.Slug, l.Name, l.Title, l.AvatarUrl, l.Role)).ToList();

    public List<TagSummary> Tags(Guid articleId) =>
        _links[articleId].Where(l => l.Kind == 1).OrderBy(l => l.Position)
            .Select(l => new TagSummary(l.Id, l.Slug, l.Name)).ToList();

    public ArticleSummary Fill(ArticleSummary article) => article with { Authors = Bylines(article.Id), Tags = Tags(article.Id) };

    public ArticleResponse Fill(ArticleResponse article) => article with { Authors = Bylines(article.Id), Tags = Tags(article.Id) };

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
