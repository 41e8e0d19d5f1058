using System.Linq.Expressions;
using Cms.Data.Assets;

namespace Cms.Api.Media;

public static class AssetMappings
{
    /// <summary>The asset with its url relative to the site root (see <see cref="MediaUrls"/>).</summary>
    public static readonly Expression<Func<Asset, AssetResponse>> ToResponse = a =>
        new AssetResponse(a.Id, a.Filename, a.ContentType, a.Bytes, a.Width, a.Height, a.Sha256, a.Alt, a.Caption, a.Credit,
            a.Copyright, a.Source, new FocalPoint(a.FocalX, a.FocalY), MediaUrls.PathPrefix + a.OriginalKey, a.CreatedAt, a.UpdatedAt)
        {
            Version = a.Version,
            CreatedByKeyId = a.CreatedByKeyId,
            UpdatedByKeyId = a.UpdatedByKeyId,
        };

    public static AssetWrite ToWrite(Asset a) =>
        new(a.Alt, a.Caption, a.Credit, a.Copyright, a.Source, new FocalPointWrite(a.FocalX, a.FocalY));

    public static void Apply(AssetWrite write, Asset asset)
    {
        // A blank field is not given: an empty alt would tell screen readers the photo is decorative.
        asset.Alt = Given(write.Alt);
        asset.Caption = Given(write.Caption);
        asset.Credit = Given(write.Credit);
        asset.Copyright = Given(write.Copyright);
        asset.Source = Given(write.Source);
        (asset.FocalX, asset.FocalY) = (write.FocalPoint?.X ?? 0.5, write.FocalPoint?.Y ?? 0.5);
    }

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
