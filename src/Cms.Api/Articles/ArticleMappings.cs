using System.Linq.Expressions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

public static class ArticleMappings
{
    /// <summary>
    /// The article as stored, its status too: <see cref="ArticleResponse.ShownAt"/> gives the status readers see at a
    /// time. Bylines and tags come from the row's copies (<see cref="ArticleLinks"/>).
    /// </summary>
    public static readonly Expression<Func<Article, ArticleResponse>> ToResponse = a =>
        new ArticleResponse(a.Id, a.Slug, a.Kicker, a.Title, a.Subtitle, a.Excerpt, a.Body, a.BodyHtml, a.Language, a.Status,
            a.PublishedAt,
            ArticleLinks.Image(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit, a.FeatureImageAssetId,
                a.FeatureImageAssetJson),
            ArticleLinks.Bylines(a.BylinesJson), ArticleLinks.Tags(a.TagsJson),
            new Seo(a.SeoMetaTitle, a.SeoMetaDescription, a.SeoCanonicalUrl),
            a.WordCount, a.ReadingTimeMinutes, a.CreatedAt, a.UpdatedAt)
        {
            Version = a.Version,
            BodyAssets = ArticleLinks.BodyAssets(a.BodyAssetsJson),
            Corrections = ArticleLinks.Corrections(a.CorrectionsJson),
            CreatedByKeyId = a.CreatedByKeyId,
            UpdatedByKeyId = a.UpdatedByKeyId,
            HasLiveCoverage = a.HasLiveCoverage,
        };

    /// <summary>
    /// The list item at <paramref name="now"/>, without its body unless asked for; the rendered body only for a
    /// search's highlight. Bylines and tags from the row's copies (<see cref="ArticleLinks"/>).
    /// </summary>
    public static Expression<Func<Article, ArticleSummary>> ToSummary(DateTimeOffset now, bool withBody = false,
        bool withBodyHtml = false) => a =>
        new ArticleSummary(a.Id, a.Slug, a.Kicker, a.Title, a.Subtitle, a.Excerpt, a.Language,
            ArticleVisibility.Shown(a.Status, a.PublishedAt, now),
            a.PublishedAt,
            ArticleLinks.Image(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit, a.FeatureImageAssetId,
                a.FeatureImageAssetJson),
            ArticleLinks.Bylines(a.BylinesJson), ArticleLinks.Tags(a.TagsJson),
            a.WordCount, a.ReadingTimeMinutes, a.CreatedAt, a.UpdatedAt)
        {
            Body = withBody ? a.Body : null,
            BodyHtml = withBodyHtml ? a.BodyHtml : null,
        };

    /// <summary>An article's document (<see cref="ArticleDocument"/>) as a write sends it: what a PATCH is applied to, and
    /// what restoring a revision or a trashed article writes.</summary>
    public static ArticleWrite ToWrite(ArticleDocument d) =>
        new(d.Slug, d.Kicker, d.Title, d.Subtitle, d.Excerpt, d.Body, d.Language, d.Status, d.PublishedAt,
            d.FeatureImage is { } i ? new FeatureImageWrite(i.Url, i.Alt, i.Caption, i.Credit, i.AssetId) : null,
            d.Authors.Select(b => new BylineWrite(b.AuthorId, b.Role)).ToList(),
            d.Tags.Select(t => new TagRef(t.TagId)).ToList(),
            new Seo(d.Seo.MetaTitle, d.Seo.MetaDescription, d.Seo.CanonicalUrl));

    /// <summary>Copies a validated write onto the entity and derives what the body implies.</summary>
    public static void Apply(ArticleWrite write, Article article, string defaultLanguage, DateTimeOffset now)
    {
        article.Slug = write.Slug ?? article.Slug;
        article.Kicker = string.IsNullOrWhiteSpace(write.Kicker) ? null : write.Kicker.Trim();
        article.Title = write.Title!.Trim();
        article.Subtitle = write.Subtitle;
        article.Body = write.Body ?? "";
        var rendered = ContentRenderer.Render(article.Body);
        article.BodyHtml = rendered.Html;
        article.WordCount = rendered.WordCount;
        article.ReadingTimeMinutes = rendered.ReadingTimeMinutes;

        // A derived excerpt sent back unchanged (GET, modify, PUT) stays derived and follows the body.
        var sentBackDerived = !article.ExcerptIsCustom && write.Excerpt == article.Excerpt;
        article.ExcerptIsCustom = !string.IsNullOrWhiteSpace(write.Excerpt) && !sentBackDerived;
        article.Excerpt = article.ExcerptIsCustom ? write.Excerpt!.Trim() : ContentRenderer.Excerpt(rendered.PlainText);

        article.Language = write.Language ?? defaultLanguage;
        article.PublishedAt = write.PublishedAt
            ?? (ArticleVisibility.IsPublishing(write.Status) ? article.PublishedAt ?? now : null);
        article.Status = ArticleVisibility.Stored(write.Status ?? ArticleStatus.Draft, article.PublishedAt, now);

        var image = write.FeatureImage;
        article.FeatureImageAssetId = image?.AssetId;
        article.FeatureImageUrl = image?.AssetId is null ? image?.Url : null;
        article.FeatureImageAlt = image?.Alt;
        article.FeatureImageCaption = image?.Caption;
        article.FeatureImageCredit = image?.Credit;
        article.SeoMetaTitle = write.Seo?.MetaTitle;
        article.SeoMetaDescription = write.Seo?.MetaDescription;
        article.SeoCanonicalUrl = write.Seo?.CanonicalUrl;

        SyncBylines(article, write.Authors ?? []);
        SyncTags(article, write.Tags ?? []);
        article.BodyAssets.RemoveAll(m => !rendered.AssetIds.Contains(m.AssetId));
        article.BodyAssets.AddRange(rendered.AssetIds.Where(id => article.BodyAssets.TrueForAll(m => m.AssetId != id))
            .Select(id => new ArticleBodyAsset { AssetId = id }));
    }

    /// <summary>Updates rows in place rather than delete-and-insert, so unchanged bylines stay put.</summary>
    private static void SyncBylines(Article article, List<BylineWrite> wanted)
    {
        var ids = wanted.Select(b => b.AuthorId!.Value).ToList();
        article.Authors.RemoveAll(b => !ids.Contains(b.AuthorId));
        for (var i = 0; i < wanted.Count; i++)
        {
            var byline = article.Authors.Find(b => b.AuthorId == ids[i]);
            if (byline is null)
            {
                byline = new ArticleAuthor { AuthorId = ids[i] };
                article.Authors.Add(byline);
            }
            byline.Position = i;
            byline.Role = wanted[i].Role ?? BylineRole.Reporter;
        }
    }

    private static void SyncTags(Article article, List<TagRef> wanted)
    {
        var ids = wanted.Select(t => t.TagId!.Value).ToList();
        article.Tags.RemoveAll(t => !ids.Contains(t.TagId));
        for (var i = 0; i < ids.Count; i++)
        {
            var tag = article.Tags.Find(t => t.TagId == ids[i]);
            if (tag is null)
            {
                tag = new ArticleTag { TagId = ids[i] };
                article.Tags.Add(tag);
            }
            tag.Position = i;
        }
    }
}
