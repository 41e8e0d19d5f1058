using Cms.Admin.Api.Models;

namespace Cms.Admin.Services;

/// <summary>How the app shows a photo of the library small.</summary>
public static class Media
{
    /// <summary>The smallest variant at least 240 px wide, else the original.</summary>
    public static string? Thumb(AssetResponse asset) =>
        asset.Variants?.Where(v => v.Width >= 240 && v.Format is "webp" or "jpeg").OrderBy(v => v.Width).FirstOrDefault()?.Url ?? asset.Url;

    /// <summary>The photo's focal point, when it has one.</summary>
    public static (double X, double Y)? Point(AssetResponse asset) =>
        asset.FocalPoint is { X: { } x, Y: { } y } ? (x, y) : null;
}
