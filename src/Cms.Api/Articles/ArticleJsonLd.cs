using System.ComponentModel;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using Cms.Api.Site;

namespace Cms.Api.Articles;

/// <summary>An article as the schema.org NewsArticle that Google documents for news (application/ld+json).</summary>
public sealed record NewsArticleJsonLd(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type"), Description("NewsArticle, or LiveBlogPosting for a story with live coverage.")] string Type,
    string Headline,
    string Description,
    [property: Description("Absolute URLs: the lead image's 1:1, 4:3 and 16:9 crops at least 1200 px wide when it is an asset, else its url.")]
    IReadOnlyList<string> Image,
    [property: Description("The publication time with the site's offset."), JsonConverter(typeof(JsonSetup.KeepOffset))]
    DateTimeOffset DatePublished,
    [property: Description("The last change with the site's offset."), JsonConverter(typeof(JsonSetup.KeepOffset))]
    DateTimeOffset DateModified,
    IReadOnlyList<PersonJsonLd> Author,
    IReadOnlyList<string> Keywords,
    string InLanguage)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The frontend page (with Site:BaseUrl).")]
    public WebPageJsonLd? MainEntityOfPage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The primary tag's name.")]
    public string? ArticleSection { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The publication (with Site:Name).")]
    public OrganizationJsonLd? Publisher { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The article's correction notes, oldest first; absent when it has none.")]
    public IReadOnlyList<CorrectionCommentJsonLd>? Correction { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(JsonSetup.KeepOffset)),
     Description("A LiveBlogPosting's: when the coverage started, with the site's offset.")]
    public DateTimeOffset? CoverageStartTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(JsonSetup.KeepOffset)),
     Description("A LiveBlogPosting's: when the coverage ended; absent while it goes on.")]
    public DateTimeOffset? CoverageEndTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("A LiveBlogPosting's newest updates (Live:UpdatesInArticle), the pinned one first.")]
    public IReadOnlyList<BlogPostingJsonLd>? LiveBlogUpdate { get; init; }
}

/// <summary>A live story's update as schema.org's BlogPosting.</summary>
public sealed record BlogPostingJsonLd(
    [property: JsonPropertyName("@type")] string Type,
    [property: Description("The update's headline, or the start of its text.")] string Headline,
    [property: Description("With the site's offset."), JsonConverter(typeof(JsonSetup.KeepOffset))] DateTimeOffset DatePublished,
    [property: Description("The update's text, without markup.")] string ArticleBody,
    IReadOnlyList<PersonJsonLd> Author)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The story's frontend url and #update-{id}.")]
    public string? Url { get; init; }
}

/// <summary>A correction note as schema.org's CorrectionComment.</summary>
public sealed record CorrectionCommentJsonLd(
    [property: JsonPropertyName("@type")] string Type,
    string Text,
    [property: Description("When the note was added, with the site's offset."), JsonConverter(typeof(JsonSetup.KeepOffset))] DateTimeOffset DatePublished);

public sealed record PersonJsonLd([property: JsonPropertyName("@type")] string Type, string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The author's page on the frontend.")]
    public string? Url { get; init; }
}

public sealed record WebPageJsonLd([property: JsonPropertyName("@type")] string Type, [property: JsonPropertyName("@id")] string Id);

public sealed record OrganizationJsonLd([property: JsonPropertyName("@type")] string Type, string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageObjectJsonLd? Logo { get; init; }
}

public sealed record ImageObjectJsonLd([property: JsonPropertyName("@type")] string Type, string Url);

public static class NewsArticles
{
    public const string MediaType = "application/ld+json";

    /// <summary>
    /// The article (as read, with its url and variants) as a NewsArticle; relative media URLs are made absolute
    /// against <paramref name="origin"/>, the API's own address as the request reached it.
    /// </summary>
    public static NewsArticleJsonLd Of(ArticleResponse article, SiteLinks site, Media.Variants variants, Uri origin) =>
        article.Live is { } live ? LiveBlogPosting(NewsArticle(article, site, variants, origin), live, site) : NewsArticle(article, site, variants, origin);

    /// <summary>A live story: a LiveBlogPosting, modified when its newest update was, with its newest updates.</summary>
    private static NewsArticleJsonLd LiveBlogPosting(NewsArticleJsonLd story, Live.LiveCoverageResponse live, SiteLinks site)
    {
        var newest = live.Updates.Select(u => u.EditedAt ?? u.PublishedAt).DefaultIfEmpty(story.DateModified).Max();
        return story with
        {
            Type = "LiveBlogPosting",
            DateModified = site.Local(newest > story.DateModified ? newest : story.DateModified)!.Value,
            CoverageStartTime = site.Local(live.StartedAt),
            CoverageEndTime = site.Local(live.EndedAt),
            LiveBlogUpdate = live.Updates.Select(u =>
            {
                var text = ContentRenderer.TextOfHtml(u.BodyHtml);
                return new BlogPostingJsonLd("BlogPosting", u.Headline ?? (text.Length <= 110 ? text : text[..109] + "…"),
                    u.PublishedAtLocal, text, u.Authors.Select(a => new PersonJsonLd("Person", a.Name) { Url = site.Author(a.Id, a.Slug) }).ToList())
                {
                    Url = u.Url,
                };
            }).ToList(),
        };
    }

    private static NewsArticleJsonLd NewsArticle(ArticleResponse article, SiteLinks site, Media.Variants variants, Uri origin)
    {
        var lead = article.FeatureImage;
        var crops = lead?.Asset is { } asset
            ? variants.Crops(asset).Where(v => v.Format == Media.ImageFormat.Jpeg.Extension && v.Width >= 1200).Select(v => v.Url).ToList()
            : [];
        var images = crops.Count > 0 ? crops : lead is null ? [] : [lead.Url];
        return new NewsArticleJsonLd("https://schema.org", "NewsArticle", article.Title, article.Excerpt,
            images.Select(u => new Uri(origin, u).AbsoluteUri).ToList(),
            site.Local(article.PublishedAt ?? article.CreatedAt)!.Value, site.Local(article.UpdatedAt)!.Value,
            article.Authors.Select(b => new PersonJsonLd("Person", b.Name) { Url = site.Author(b.Id, b.Slug) }).ToList(),
            article.Tags.Select(t => t.Name).ToList(), article.Language)
        {
            MainEntityOfPage = article.Url is { } url ? new WebPageJsonLd("WebPage", url) : null,
            ArticleSection = article.Tags.FirstOrDefault()?.Name,
            Correction = article.Corrections.Count == 0 ? null
                : article.Corrections.Select(c => new CorrectionCommentJsonLd("CorrectionComment", c.Text, site.Local(c.At)!.Value)).ToList(),
            Publisher = site.Name is { } name
                ? new OrganizationJsonLd("NewsMediaOrganization", name)
                {
                    Logo = site.LogoUrl is { } logo ? new ImageObjectJsonLd("ImageObject", logo) : null,
                }
                : null,
        };
    }
}
