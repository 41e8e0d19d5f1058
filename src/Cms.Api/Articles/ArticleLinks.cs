using System.Text.Json;
using System.Text.Json.Serialization;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// An article's bylines and tags as its row keeps them (<see cref="ArticleLinkCopies"/>): the API's own JSON of
/// them, read with the row in the same statement and parsed here. No read joins the link tables for them.
/// </summary>
public static class ArticleLinks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// The write without the bylines and tags whose author or tag no longer exists, nor a lead image whose asset does
    /// not: what restoring an older state of an article (from the trash, from a revision) can still link to.
    /// </summary>
    public static async Task<ArticleWrite> WithoutMissingAsync(Cms.Data.CmsDbContext db, ArticleWrite write, CancellationToken ct)
    {
        var authorIds = (write.Authors ?? []).Select(b => b.AuthorId!.Value).ToList();
        var tagIds = (write.Tags ?? []).Select(t => t.TagId!.Value).ToList();
        var authors = await db.Authors.Where(a => authorIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        var tags = await db.Tags.Where(t => tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var assetId = write.FeatureImage?.AssetId;
        var keepImage = assetId is null || await db.Assets.AnyAsync(a => a.Id == assetId, ct);
        return write with
        {
            Authors = (write.Authors ?? []).Where(b => authors.Contains(b.AuthorId!.Value)).ToList(),
            Tags = (write.Tags ?? []).Where(t => tags.Contains(t.TagId!.Value)).ToList(),
            FeatureImage = keepImage ? write.FeatureImage : null,
        };
    }

    public static List<Byline> Bylines(string json) => JsonSerializer.Deserialize<List<Byline>>(json, Json) ?? [];

    public static List<TagSummary> Tags(string json) => JsonSerializer.Deserialize<List<TagSummary>>(json, Json) ?? [];

    /// <summary>The correction notes the row keeps (<see cref="Article.CorrectionsJson"/>), oldest first.</summary>
    public static List<Correction> Corrections(string json) =>
        json == "[]" ? [] : JsonSerializer.Deserialize<List<Correction>>(json, Json) ?? [];

    /// <summary>The notes with one more, as the row keeps them.</summary>
    public static string WithCorrection(string json, Correction added) => JsonSerializer.Serialize(Corrections(json).Append(added), Json);

    /// <summary>
    /// The lead image: an external url as given, or the asset the row's copy describes, its alt and credit the use's
    /// when given, else the asset's. Its variants are added where the response leaves (<see cref="Media.Variants"/>).
    /// </summary>
    public static FeatureImage? Image(string? url, string? alt, string? caption, string? credit, Guid? assetId, string? assetJson)
    {
        if (assetId is { } id && Asset(assetJson) is { } asset)
        {
            return new FeatureImage(Media.MediaUrls.PathPrefix + asset.Key, alt ?? asset.Alt, caption, credit ?? asset.Credit)
            {
                AssetId = id,
                Width = asset.Width,
                Height = asset.Height,
                Asset = asset.Image,
            };
        }
        return url is null ? null : new FeatureImage(url, alt, caption, credit);
    }

    /// <summary>The lead image's asset, from the row's copy.</summary>
    public static AssetCopy? Asset(string? json) => json is null ? null : JsonSerializer.Deserialize<AssetCopy>(json, Json);

    /// <summary>The assets the body shows (<see cref="BodyImages"/>), from the row's copy.</summary>
    public static IReadOnlyList<AssetCopy> BodyAssets(string json) =>
        json == "[]" ? [] : JsonSerializer.Deserialize<List<AssetCopy>>(json, Json) ?? [];

    /// <summary>
    /// The article with its media as a response gives it (<see cref="Media.Variants"/>): its lead image's url absolute
    /// and, when it is an asset, its variants and srcsets; its bylines' avatars absolute; the pictures of the assets its
    /// body shows (<see cref="BodyImages.Fill"/>).
    /// </summary>
    public static ArticleResponse WithVariants(this ArticleResponse article, Media.Variants variants)
    {
        if (article.BodyAssets.Count > 0)
        {
            article = article with { BodyHtml = BodyImages.Fill(article.BodyHtml, article.BodyAssets, variants) };
        }
        return article with { FeatureImage = Lead(article.FeatureImage, variants), Authors = Avatars(article.Authors, variants) };
    }

    /// <inheritdoc cref="WithVariants(ArticleResponse, Media.Variants)"/>
    public static ArticleSummary WithVariants(this ArticleSummary article, Media.Variants variants) =>
        article with { FeatureImage = Lead(article.FeatureImage, variants), Authors = Avatars(article.Authors, variants) };

    private static FeatureImage? Lead(FeatureImage? lead, Media.Variants variants) => lead switch
    {
        { Asset: { } asset } => lead with { Url = variants.Url(lead.Url)!, Variants = variants.Of(asset), Srcsets = variants.Srcsets(asset) },
        _ => lead,
    };

    private static List<Byline> Avatars(List<Byline> bylines, Media.Variants variants) =>
        bylines.TrueForAll(b => b.AvatarUrl is null) ? bylines : bylines.Select(b => b with { AvatarUrl = variants.Url(b.AvatarUrl) }).ToList();

    /// <summary>What an article's row keeps of an asset it shows (<c>ArticleLinkCopies</c>).</summary>
    public sealed record AssetCopy(Guid Id, string Key, string? ContentType, int Width, int Height, string Sha256, double FocalX, double FocalY,
        string? Alt, string? Credit)
    {
        // A copy made before copies named their type is of a raster: vectors came later.
        public Media.AssetImage Image => new(Sha256.Trim(), Width, Height, new Media.FocalPoint(FocalX, FocalY),
            ContentType ?? Media.ImageFormat.Jpeg.ContentType);
    }
}
