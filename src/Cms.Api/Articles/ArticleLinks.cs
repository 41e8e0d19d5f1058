using System.Text.Json;
using System.Text.Json.Serialization;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

/// <summary>
/// An article's bylines and tags as its row keeps them (<see cref="ArticleLinkCopies"/>): the API's own JSON of
/// them, read with the row in the same statement and parsed here. No read joins the link tables for them.
/// </summary>
public static class ArticleLinks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static List<Byline> Bylines(string json) => JsonSerializer.Deserialize<List<Byline>>(json, Json) ?? [];

    public static List<TagSummary> Tags(string json) => JsonSerializer.Deserialize<List<TagSummary>>(json, Json) ?? [];

    /// <summary>
    /// The lead image: an external url as given, or the asset the row's copy describes, its alt and credit the use's
    /// when given, else the asset's. Its variants are added where the response leaves (<see cref="Media.Variants"/>).
    /// </summary>
    public static FeatureImage? Image(string? url, string? alt, string? caption, string? credit, Guid? assetId, string? assetJson)
    {
        if (assetId is { } id && assetJson is not null && JsonSerializer.Deserialize<AssetCopy>(assetJson, Json) is { } asset)
        {
            return new FeatureImage(Media.MediaUrls.PathPrefix + asset.Key, alt ?? asset.Alt, caption, credit ?? asset.Credit)
            {
                AssetId = id,
                Width = asset.Width,
                Height = asset.Height,
                Asset = new Media.AssetImage(asset.Sha256.Trim(), asset.Width, asset.Height, new Media.FocalPoint(asset.FocalX, asset.FocalY)),
            };
        }
        return url is null ? null : new FeatureImage(url, alt, caption, credit);
    }

    /// <summary>The article with its lead image's variants, when the image is an asset.</summary>
    public static ArticleResponse WithVariants(this ArticleResponse article, Media.Variants variants) =>
        article.FeatureImage?.Asset is { } asset ? article with { FeatureImage = article.FeatureImage with { Variants = variants.Of(asset) } } : article;

    /// <inheritdoc cref="WithVariants(ArticleResponse, Media.Variants)"/>
    public static ArticleSummary WithVariants(this ArticleSummary article, Media.Variants variants) =>
        article.FeatureImage?.Asset is { } asset ? article with { FeatureImage = article.FeatureImage with { Variants = variants.Of(asset) } } : article;

    private sealed record AssetCopy(string Key, int Width, int Height, string Sha256, double FocalX, double FocalY, string? Alt, string? Credit);
}
