using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Cms.Api.Infrastructure;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

public sealed record ArticleListQuery(
    [property: Description("Page number, from 1 (default 1)."), Range(1, PageQuery.MaxPage), FromQuery(Name = "page")] int? Page,
    [property: Description("Items per page, 1 to 100 (default 20)."), Range(1, PageQuery.MaxPageSize), FromQuery(Name = "pageSize")] int? PageSize,
    [property: Description("Only articles with this status: draft, scheduled, published or archived. Readers without a key only ever see published ones."), AllowedValues("draft", "scheduled", "published", "archived"), FromQuery(Name = "status")]
    string? Status,
    [property: Description("Only articles with the tag of this slug."), FromQuery(Name = "tag")] string? Tag,
    [property: Description("Only articles credited to the author of this slug."), FromQuery(Name = "author")] string? Author,
    [property: Description("publishedAt, createdAt or title; a leading - sorts descending. Default -publishedAt; undated drafts come last."), FromQuery(Name = "sort")]
    string? Sort)
{
    public static readonly string[] Sorts =
        ["publishedAt", "-publishedAt", "createdAt", "-createdAt", "title", "-title"];

    public PageQuery Paging => new(Page, PageSize);

    private ArticleStatus? ParsedStatus =>
        Enum.GetValues<ArticleStatus>().Cast<ArticleStatus?>()
            .FirstOrDefault(s => string.Equals(s.ToString(), Status, StringComparison.OrdinalIgnoreCase));

    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(errors);
        if (Status is not null && ParsedStatus is null)
        {
            errors["status"] = ["Must be draft, scheduled, published or archived."];
        }
        if (Sort is not null && !Sorts.Contains(Sort, StringComparer.Ordinal))
        {
            errors["sort"] = [$"Must be one of {string.Join(", ", Sorts)}."];
        }
        return errors;
    }

    public IQueryable<Article> Apply(IQueryable<Article> articles, bool keyed, DateTimeOffset now)
    {
        if (!keyed)
        {
            articles = articles.Where(ArticleVisibility.Visible(now));
        }
        if (ParsedStatus is { } status)
        {
            articles = articles.Where(ArticleVisibility.Shown(status, now));
        }
        if (Tag is { } tag)
        {
            articles = articles.Where(a => a.Tags.Any(t => t.Tag.Slug == tag));
        }
        if (Author is { } author)
        {
            articles = articles.Where(a => a.Authors.Any(b => b.Author.Slug == author));
        }
        return (Sort ?? "-publishedAt") switch
        {
            "publishedAt" => articles.OrderBy(a => a.PublishedAt == null).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id),
            "createdAt" => articles.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id),
            "-createdAt" => articles.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id),
            "title" => articles.OrderBy(a => a.Title).ThenBy(a => a.Id),
            "-title" => articles.OrderByDescending(a => a.Title).ThenByDescending(a => a.Id),
            _ => articles.OrderBy(a => a.PublishedAt == null).ThenByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
        };
    }
}
