using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Data.Articles;
using Cms.Data.Search;

namespace Cms.Api.Articles;

/// <summary>A checked article list query: what to include, in which order, from where.</summary>
public sealed record ArticleFilter(
    SearchQuery? Search,
    ArticleStatus? Status,
    string[] Tags,
    bool AllTags,
    string? Author,
    string? Language,
    DateTimeOffset? PublishedAfter,
    DateTimeOffset? PublishedBefore,
    DateTimeOffset? UpdatedSince,
    string Sort,
    ArticleCursor? Cursor,
    bool Count,
    ArticleListShape Shape)
{
    /// <summary>The filters, without order or cursor: what the total counts.</summary>
    public IQueryable<Article> Where(IQueryable<Article> articles, bool keyed, DateTimeOffset now)
    {
        if (!keyed)
        {
            articles = articles.Where(ArticleVisibility.Visible(now));
        }
        if (Status is { } status)
        {
            articles = articles.Where(ArticleVisibility.Shown(status, now));
        }
        if (Tags.Length > 0)
        {
            var tags = Tags;
            articles = AllTags
                ? articles.Where(a => a.Tags.Count(t => tags.Contains(t.Tag.Slug)) == tags.Length)
                : articles.Where(a => a.Tags.Any(t => tags.Contains(t.Tag.Slug)));
        }
        if (Author is { } author)
        {
            articles = articles.Where(a => a.Authors.Any(b => b.Author.Slug == author));
        }
        if (Language is { } language)
        {
            articles = articles.Where(a => a.Language == language);
        }
        if (PublishedAfter is { } after)
        {
            articles = articles.Where(a => a.PublishedAt >= after);
        }
        if (PublishedBefore is { } before)
        {
            articles = articles.Where(a => a.PublishedAt < before);
        }
        if (UpdatedSince is { } since)
        {
            articles = articles.Where(a => a.UpdatedAt >= since);
        }
        return articles;
    }

    /// <summary>The order, with the id as tie-breaker so every position is exact, after the cursor if any.</summary>
    public IQueryable<Article> Order(IQueryable<Article> articles, bool keyed)
    {
        if (Cursor is { } cursor)
        {
            articles = articles.Where(cursor.After());
        }
        // Readers without a key (and the published filter) only ever see dated articles: without the
        // "undated last" term the order is the (PublishedAt, Id) index's, and a page stops early.
        var dated = !keyed || Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        return Sort switch
        {
            "publishedAt" when dated => articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id),
            "-publishedAt" when dated => articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
            "publishedAt" => articles.OrderBy(a => a.PublishedAt == null).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id),
            "createdAt" => articles.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id),
            "-createdAt" => articles.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id),
            "title" => articles.OrderBy(a => a.Title).ThenBy(a => a.Id),
            "-title" => articles.OrderByDescending(a => a.Title).ThenByDescending(a => a.Id),
            _ => articles.OrderBy(a => a.PublishedAt == null).ThenByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
        };
    }
}

/// <summary>What each list item carries: only the named fields, and the body when asked for.</summary>
public sealed record ArticleListShape(string[]? Fields, bool IncludeBody)
{
    public JsonObject Select(ArticleSummary item, JsonSerializerOptions options)
    {
        var all = JsonSerializer.SerializeToNode(item, options)!.AsObject();
        var picked = new JsonObject();
        foreach (var field in Fields ?? [])
        {
            picked[field] = all[field]?.DeepClone();
        }
        return picked;
    }
}
