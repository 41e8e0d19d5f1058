using Cms.Api.Site;

namespace Cms.Api.Articles;

/// <summary>An article as the site shows it: its frontend <c>url</c>, its time in the newsroom's zone, and links for its bylines and tags.</summary>
public static class ArticleSiteFields
{
    public static ArticleResponse WithSite(this ArticleResponse a, SiteLinks site) =>
        a with
        {
            Url = site.Article(a.Id, a.Slug, a.PublishedAt), PublishedAtLocal = site.Local(a.PublishedAt),
            Authors = Bylines(a.Authors, site), Tags = Tags(a.Tags, site),
        };

    public static ArticleSummary WithSite(this ArticleSummary a, SiteLinks site) =>
        a with
        {
            Url = site.Article(a.Id, a.Slug, a.PublishedAt), PublishedAtLocal = site.Local(a.PublishedAt),
            Authors = Bylines(a.Authors, site), Tags = Tags(a.Tags, site),
        };

    // A byline links to its author's page ("LAPORAN: Rina", /about/rina), a tag to its page.
    private static List<Byline> Bylines(List<Byline> bylines, SiteLinks site) =>
        site.Home is null ? bylines : bylines.Select(b => b with { Url = site.Author(b.Id, b.Slug) }).ToList();

    private static List<TagSummary> Tags(List<TagSummary> tags, SiteLinks site) =>
        site.Home is null ? tags : tags.Select(t => t with { Url = site.Tag(t.Id, t.Slug) }).ToList();
}
