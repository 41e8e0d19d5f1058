using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// The bylines and tags of a set of articles with their authors' and tags' names, read in one flat query
/// after the articles themselves. Reading them as collections of the article query would repeat every
/// article row (its body too) once per byline times tag.
/// </summary>
public sealed class ArticleLinks
{
    private static readonly ArticleLinks None = new([]);
    private readonly ILookup<Guid, Link> _links;

    private ArticleLinks(IEnumerable<Link> links) => _links = links.ToLookup(l => l.ArticleId);

    /// <summary>A byline (Kind 0) or a tag (Kind 1) of an article, with what a list shows of its author or tag.</summary>
    private sealed record Link(Guid ArticleId, int Kind, int Position, Guid Id, string Slug, string Name, string? Title,
        string? AvatarUrl, BylineRole Role);

    /// <summary>The links of these articles: one query, none for no articles.</summary>
    public static async Task<ArticleLinks> LoadAsync(CmsDbContext db, IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return None;
        }
        var ids = articleIds.Distinct().ToArray();
        var rows = await db.ArticleAuthors.AsNoTracking().Where(b => ids.Contains(b.ArticleId))
            // Anonymous rows: EF Core translates a set operation (UNION ALL) over those, not over records.
            .Select(b => new
            {
                b.ArticleId, Kind = 0, b.Position, Id = b.AuthorId, b.Author.Slug, b.Author.Name, b.Author.Title,
                b.Author.AvatarUrl, Role = (BylineRole?)b.Role,
            })
            .Concat(db.ArticleTags.AsNoTracking().Where(t => ids.Contains(t.ArticleId)).Select(t => new
            {
                t.ArticleId, Kind = 1, t.Position, Id = t.TagId, t.Tag.Slug, t.Tag.Name, Title = (string?)null,
                AvatarUrl = (string?)null, Role = (BylineRole?)null,
            }))
            .ToListAsync(ct);
        return new ArticleLinks(rows.Select(r =>
            new Link(r.ArticleId, r.Kind, r.Position, r.Id, r.Slug, r.Name, r.Title, r.AvatarUrl, r.Role ?? BylineRole.Reporter)));
    }

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

    /// <summary>One article as readers see it at <paramref name="now"/>, with its bylines and tags: two queries.</summary>
    public static async Task<ArticleResponse?> FindAsync(IQueryable<Article> match, DateTimeOffset now, CmsDbContext db,
        CancellationToken ct) =>
        await match.AsNoTracking().Select(ArticleMappings.ToResponse(now)).SingleOrDefaultAsync(ct) is { } article
            ? (await LoadAsync(db, [article.Id], ct)).Fill(article)
            : null;
}
