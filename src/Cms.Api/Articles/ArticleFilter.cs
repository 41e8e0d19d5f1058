using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Search;
using Microsoft.EntityFrameworkCore;

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
    ArticleListShape Shape,
    Guid? Asset = null)
{
    /// <summary>What the total depends on: every filter, and whether the caller has a key.</summary>
    public string CountKey(bool keyed) => string.Join('|', "articles", keyed, Status, string.Join(',', Tags), AllTags, Author,
        Language, PublishedAfter?.UtcTicks, PublishedBefore?.UtcTicks, UpdatedSince?.UtcTicks,
        Search is null ? null : string.Join(' ', Search.Terms.Select(t => t.Folded + (t.Prefix ? "*" : ""))), Asset);

    /// <summary>The filters, without order or cursor: what the total counts.</summary>
    public IQueryable<Article> Where(IQueryable<Article> articles, bool keyed, DateTimeOffset now, bool links = true)
    {
        if (!keyed)
        {
            articles = articles.Where(ArticleVisibility.Visible(now));
        }
        if (Status is { } status)
        {
            articles = articles.Where(ArticleVisibility.Shown(status, now));
        }
        if (Tags.Length > 0 && links)
        {
            var tags = Tags;
            articles = AllTags
                ? articles.Where(a => a.Tags.Count(t => tags.Contains(t.Tag.Slug)) == tags.Length)
                : articles.Where(a => a.Tags.Any(t => tags.Contains(t.Tag.Slug)));
        }
        if (Author is { } author && links)
        {
            articles = articles.Where(a => a.Authors.Any(b => b.Author.Slug == author));
        }
        if (Asset is { } asset)
        {
            articles = articles.Where(a => a.FeatureImageAssetId == asset || a.BodyAssets.Any(m => m.AssetId == asset));
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

    /// <summary>
    /// A tag page or an author page for readers, newest or oldest first: the page's candidates come
    /// from the link table's own (TagId|AuthorId, ListedAt, ArticleId) index, so the query reads a
    /// page's worth of index entries however rare the tag and however large the archive. Only when no
    /// other filter could drop a candidate.
    /// </summary>
    public bool Narrows(bool keyed) =>
        (!keyed || Status == ArticleStatus.Published) && Search is null && Language is null && UpdatedSince is null
        && Sort is "-publishedAt" or "publishedAt" && (Tags.Length, Author) is (1, null) or (0, not null);

    /// <summary>The rows of a tag or author page (see <see cref="Narrows"/>): its candidates, which carry the tag or author filter.</summary>
    public IQueryable<Article> Narrow(CmsDbContext db, bool keyed, DateTimeOffset now, int limit)
    {
        var articles = Where(db.Articles.AsNoTracking(), keyed, now, links: false);
        var descending = Sort == "-publishedAt";
        var (at, id) = (Cursor?.At, Cursor?.Id ?? Guid.Empty);
        // The id as a scalar subquery, not a join: the index is then walked in order from one (TagId|AuthorId).
        var links = Tags.Length == 1
            ? db.ArticleTags.Where(t => t.TagId == db.Tags.Where(x => x.Slug == Tags[0]).Select(x => x.Id).FirstOrDefault())
                .Select(t => new { t.ArticleId, t.ListedAt })
            : db.ArticleAuthors.Where(b => b.AuthorId == db.Authors.Where(x => x.Slug == Author).Select(x => x.Id).FirstOrDefault())
                .Select(b => new { b.ArticleId, b.ListedAt });
        links = links.Where(l => l.ListedAt <= now);
        if (PublishedAfter is { } after)
        {
            links = links.Where(l => l.ListedAt >= after);
        }
        if (PublishedBefore is { } before)
        {
            links = links.Where(l => l.ListedAt < before);
        }
        if (Cursor is not null)
        {
            links = descending
                ? links.Where(l => l.ListedAt < at || (l.ListedAt == at && l.ArticleId.CompareTo(id) < 0))
                : links.Where(l => l.ListedAt > at || (l.ListedAt == at && l.ArticleId.CompareTo(id) > 0));
        }
        var candidates = (descending
                ? links.OrderByDescending(l => l.ListedAt).ThenByDescending(l => l.ArticleId)
                : links.OrderBy(l => l.ListedAt).ThenBy(l => l.ArticleId))
            .Take(limit).Select(l => l.ArticleId);
        return articles.Where(a => candidates.Contains(a.Id));
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
    public const string FieldsDescription = "Comma-separated fields to return for each article, e.g. title,slug,url,publishedAtLocal: any "
        + "field a summary shows. Each item then has those fields only, so fields the schema marks required are missing.";

    /// <summary>The shape <c>fields=</c> and <c>include=</c> ask for; what is wrong with them goes to <paramref name="errors"/>.</summary>
    public static ArticleListShape Parse(string? fields, string? include, Dictionary<string, string[]> errors)
    {
        var named = fields?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
        if (named is not null && (named.Length == 0 || named.Except(ArticleListQuery.FieldNames).Any()))
        {
            var unknown = named.Except(ArticleListQuery.FieldNames).ToArray();
            errors["fields"] = [unknown.Length > 0
                ? $"Unknown field(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ArticleListQuery.FieldNames)}."
                : "Name at least one field."];
        }
        var included = include?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (included.Except(["body"]).Any())
        {
            errors["include"] = [$"Unknown value(s): {string.Join(", ", included.Except(["body"]))}. Known: body."];
        }
        return new ArticleListShape(named, included.Contains("body") || named?.Contains("body") == true);
    }

    public JsonObject Select(ArticleSummary item, JsonSerializerOptions options)
    {
        var all = JsonSerializer.SerializeToNode(item, options)!.AsObject();
        var picked = new JsonObject();
        // A field the item leaves out (url without a frontend) stays out; one that is null is there as null.
        foreach (var field in Fields ?? [])
        {
            if (all.TryGetPropertyValue(field, out var value))
            {
                picked[field] = value?.DeepClone();
            }
        }
        return picked;
    }
}
