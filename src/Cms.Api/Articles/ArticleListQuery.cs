using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Data.Articles;
using Cms.Data.Search;
using Microsoft.AspNetCore.Mvc;

namespace Cms.Api.Articles;

/// <summary>The query string of the article list, as bound; <see cref="Check"/> turns it into a filter.</summary>
public sealed record ArticleListQuery(
    [property: Description("Full-text search over title, subtitle, excerpt and body: every word must match, by its stem in the article's language, ignoring case and accents; the last word, unless the query ends with a space, also matches words whose stem starts with it as typed. Hits are ranked by relevance (ties newer first; on PostgreSQL among the 200 newest matches) unless sort says otherwise, and carry a highlight."), StringLength(SearchQuery.MaxLength), FromQuery(Name = "q")]
    string? Q,
    [property: Description("Page number, from 1 (default 1). Not with cursor."), Range(1, PageQuery.MaxPage), FromQuery(Name = "page")] int? Page,
    [property: Description("Items per page, 1 to 100 (default 20)."), Range(1, PageQuery.MaxPageSize), FromQuery(Name = "pageSize")] int? PageSize,
    [property: Description("Only articles with this status: draft, scheduled, published or archived. Readers without a key only ever see published ones."), AllowedValues("draft", "scheduled", "published", "archived"), FromQuery(Name = "status")]
    string? Status,
    [property: Description("Only articles with this tag (slug). Repeat it for several: any of them, or all with tagMode=all."), FromQuery(Name = "tag")]
    string[]? Tag,
    [property: Description("any (default) or all: how several tag parameters combine."), AllowedValues("any", "all"), FromQuery(Name = "tagMode")]
    string? TagMode,
    [property: Description("Only articles credited to the author of this slug."), FromQuery(Name = "author")] string? Author,
    [property: Description("Only articles in this BCP 47 language, e.g. id or en."), FromQuery(Name = "language")] string? Language,
    [property: Description("Only articles showing this library asset, as lead image or in the body: where a photo is used."), FromQuery(Name = "asset")]
    Guid? Asset,
    [property: Description("Only articles published at or after this instant (ISO 8601; a date alone is midnight UTC)."), FromQuery(Name = "publishedAfter"), InstantText]
    string? PublishedAfter,
    [property: Description("Only articles published before this instant."), FromQuery(Name = "publishedBefore"), InstantText] string? PublishedBefore,
    [property: Description("Only articles changed at or after this instant."), FromQuery(Name = "updatedSince"), InstantText] string? UpdatedSince,
    [property: Description("relevance (only with q, and its default), publishedAt, createdAt or title; a leading - sorts descending. Default -publishedAt; undated drafts come last."),
        AllowedValues("relevance", "publishedAt", "-publishedAt", "createdAt", "-createdAt", "title", "-title"), FromQuery(Name = "sort")]
    string? Sort,
    [property: Description("Continue after the page that returned this meta.nextCursor (opaque). Stable while new articles are published; no total is counted."), FromQuery(Name = "cursor")]
    string? Cursor,
    [property: Description("false skips counting totalItems and totalPages (default true; never counted with cursor)."), FromQuery(Name = "count")]
    bool? Count,
    [property: Description(ArticleListShape.FieldsDescription), FromQuery(Name = "fields")]
    string? Fields,
    [property: Description("body adds the Markdown body to each article."), AllowedValues("body"), FromQuery(Name = "include")]
    string? Include)
{
    /// <summary>Every field an article summary shows, as its JSON names them: what <c>fields=</c> may select.</summary>
    public static readonly string[] FieldNames = System.Text.Json.JsonSerializerOptions.Web.GetTypeInfo(typeof(ArticleSummary))
        .Properties.Select(p => p.Name).ToArray();

    /// <summary>The sorts, as the attribute on <see cref="Sort"/> lists them for the OpenAPI document.</summary>
    public static readonly string[] Sorts = typeof(ArticleListQuery).GetProperty(nameof(Sort))!
        .GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: false).OfType<AllowedValuesAttribute>().Single()
        .Values.Cast<string>().ToArray();

    public PageQuery Paging => new(Page, PageSize);

    /// <summary>Every parameter checked at once, so the 400 names each one that is wrong.</summary>
    public (ArticleFilter Filter, Dictionary<string, string[]> Errors) Check()
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(errors);
        var status = Enum.GetValues<ArticleStatus>().Cast<ArticleStatus?>()
            .FirstOrDefault(s => string.Equals(s.ToString(), Status, StringComparison.OrdinalIgnoreCase));
        if (Status is not null && status is null)
        {
            errors["status"] = ["Must be draft, scheduled, published or archived."];
        }
        if (TagMode is not null and not ("any" or "all"))
        {
            errors["tagMode"] = ["Must be any or all."];
        }
        var search = Q is null ? null : SearchQuery.Parse(Q);
        if (Q is not null && (search is null || Q.Length > SearchQuery.MaxLength))
        {
            errors["q"] = [search is null
                ? "Needs at least one word (letters or digits)."
                : $"At most {SearchQuery.MaxLength} characters."];
        }
        var sort = Sort ?? (Q is null ? "-publishedAt" : "relevance");
        if (!Sorts.Contains(sort, StringComparer.Ordinal))
        {
            errors["sort"] = [$"Must be one of {string.Join(", ", Sorts)}."];
        }
        else if (sort == "relevance" && Q is null)
        {
            errors["sort"] = ["relevance needs a search (q)."];
        }
        var cursor = ArticleCursor.TryParse(Cursor, sort);
        if (Cursor is not null && cursor is null)
        {
            errors["cursor"] = ["Not a cursor this list gave out for this sort; start again without one."];
        }
        if (Cursor is not null && Page is not null)
        {
            errors["page"] = ["Use page or cursor, not both."];
        }
        var shape = ArticleListShape.Parse(Fields, Include, errors);
        var filter = new ArticleFilter(search, status, Tag?.Where(t => t.Length > 0).Distinct().ToArray() ?? [], TagMode == "all",
            Author, Language, Instants.Parse(PublishedAfter, "publishedAfter", errors), Instants.Parse(PublishedBefore, "publishedBefore", errors),
            Instants.Parse(UpdatedSince, "updatedSince", errors), sort, cursor, Cursor is null && Count != false, shape, Asset);
        return (filter, errors);
    }
}
