using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using NetVips;

namespace Cms.Api.Media;

/// <summary>One size of an asset, ready for srcset.</summary>
public sealed record AssetVariant(
    string Preset,
    string Format,
    int Width,
    int Height,
    [property: Description("Absolute (Media:PublicBaseUrl, else the API's origin).")] string Url)
{
    [Description("original: the photo's own ratio (a preset with a width alone, never wider than the photo); else the crop's "
        + "ratio, e.g. 16:9, 4:3, 1:1, around the focal point.")]
    public required string Aspect { get; init; }
}

/// <summary>The variants of one aspect in one format as a ready srcset: what a &lt;source&gt; or an &lt;img&gt; takes.</summary>
public sealed record ImageSrcset(
    [property: Description("original (the photo's own ratio) or a crop's ratio, e.g. 16:9.")] string Aspect,
    [property: Description("webp, jpg or avif.")] string Format,
    [property: Description("Its media type, for <source type>.")] string Type,
    [property: Description("\"url 320w, url 640w, …\": each width once, narrowest first, none wider than the photo.")] string Srcset,
    [property: Description("The widest candidate's width, for the <img> width attribute.")] int Width,
    [property: Description("The widest candidate's height, for the <img> height attribute.")] int Height);

/// <summary>What names an asset's variants: its original's hash and size, and its focal point; a vector has none.</summary>
public sealed record AssetImage(string Sha256, int Width, int Height, FocalPoint FocalPoint, string ContentType)
{
    public bool IsVector => ContentType == ImageFormat.Svg.ContentType;
}

/// <summary>
/// Responsive variants: named presets only, in WebP and JPEG (AVIF when enabled). A variant is made the first time
/// it is asked for and then kept in the store, so presets can change without a migration. Its key names everything
/// that decides its pixels (the original's hash, the preset's size, the focal point), so a changed focal point or
/// preset gives new URLs and an old URL never shows new pixels. One transform per variant however many ask at once
/// (in this process: HybridCache joins concurrent misses of one key, as for <c>TotalCounts</c>, and keeps nothing,
/// the store does), through <see cref="ImageWork"/>; a failed transform stores nothing.
/// </summary>
public sealed class Variants(IOptions<MediaOptions> options, IMediaStore store, ImageWork work, HybridCache joins, MediaUrls urls)
{
    /// <summary>Only the joining of concurrent misses: the bytes are kept by the store, not in memory or Redis.</summary>
    private static readonly HybridCacheEntryOptions JoinOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache,
    };

    /// <summary>Immutable, so HybridCache hands the one result to every joiner without copying it.</summary>
    [ImmutableObject(true)]
    private sealed record Joined(byte[]? Bytes);

    private int _made;

    /// <summary>How many variants this process has made (for tests and diagnostics).</summary>
    public int Made => _made;

    private IEnumerable<ImageFormat> Formats =>
        options.Value.Avif ? [ImageFormat.WebP, ImageFormat.Jpeg, ImageFormat.Avif] : [ImageFormat.WebP, ImageFormat.Jpeg];

    /// <summary>
    /// The asset as a response gives it: its url absolute, its variants listed and grouped into srcsets (nothing is
    /// made until one is asked for).
    /// </summary>
    public AssetResponse Describe(AssetResponse asset)
    {
        var image = new AssetImage(asset.Sha256, asset.Width, asset.Height, asset.FocalPoint, asset.ContentType);
        return asset with { Url = urls.Absolute(asset.Url), Variants = Of(image), Srcsets = Srcsets(image) };
    }

    /// <summary>A media URL as a row keeps it (<c>/media/…</c>) made absolute (<see cref="MediaUrls"/>); any other as it is.</summary>
    public string? Url(string? url) => url is null ? null : urls.Absolute(url);

    /// <summary>
    /// The variants grouped by aspect (the photo's own ratio first, then each crop) and format, each a ready srcset with
    /// every width once: a frontend writes &lt;picture&gt; from it without knowing the presets.
    /// </summary>
    public IReadOnlyList<ImageSrcset> Srcsets(AssetImage image) =>
        Of(image).GroupBy(v => (v.Aspect, v.Format))
            .OrderBy(g => g.Key.Aspect == Original ? 0 : 1).ThenBy(g => g.Key.Aspect, StringComparer.Ordinal)
            .ThenBy(g => Array.IndexOf(FormatOrder, g.Key.Format))
            .Select(g =>
            {
                var set = g.OrderBy(v => v.Width).DistinctBy(v => v.Width).ToList();
                return new ImageSrcset(g.Key.Aspect, g.Key.Format, ImageFormat.All.First(f => f.Extension == g.Key.Format).ContentType,
                    string.Join(", ", set.Select(v => $"{v.Url} {v.Width}w")), set[^1].Width, set[^1].Height);
            })
            .ToList();

    /// <summary>The aspect of the photo's own ratio.</summary>
    public const string Original = "original";

    /// <summary>Best first, as a &lt;picture&gt; lists its sources.</summary>
    private static readonly string[] FormatOrder = ["avif", "webp", "jpg"];

    private static string Aspect(VariantPreset preset)
    {
        if (preset.Height is not { } height)
        {
            return Original;
        }
        var divisor = (int)System.Numerics.BigInteger.GreatestCommonDivisor(preset.Width, height);
        return $"{preset.Width / divisor}:{height / divisor}";
    }

    /// <summary>The <c>sizes</c> of an image in an article's body (<see cref="MediaOptions.BodyImageSizes"/>).</summary>
    public string BodyImageSizes => options.Value.BodyImageSizes;

    /// <summary>Each preset in each format, with its url and size; none for a vector, which is served as it is, at any size.</summary>
    public IReadOnlyList<AssetVariant> Of(AssetImage image) =>
        image.IsVector ? [] : options.Value.Presets.OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => Formats.Select(f =>
            {
                var (width, height) = Size(p.Value, image.Width, image.Height);
                return new AssetVariant(p.Key, f.Extension, width, height, urls.Of(Key(image.Sha256, p.Key, p.Value, image.FocalPoint, f)))
                {
                    Aspect = Aspect(p.Value),
                };
            }))
            .ToList();

    /// <summary>The variants that keep the original's ratio (presets with a width alone), narrowest first.</summary>
    public IEnumerable<AssetVariant> Widths(AssetImage image) =>
        Of(image).Where(v => options.Value.Presets[v.Preset].Height is null).OrderBy(v => v.Width);

    /// <summary>The variants cropped to a ratio (presets with a height), narrowest first.</summary>
    public IEnumerable<AssetVariant> Crops(AssetImage image) =>
        Of(image).Where(v => options.Value.Presets[v.Preset].Height is not null).OrderBy(v => v.Width);

    /// <summary>
    /// The bytes of the variant a key names, making and storing it when it is not stored yet; null when the key names
    /// no variant of a current asset (an unknown preset or format, a focal point or preset size that is not current,
    /// an original no longer in the store).
    /// </summary>
    public async Task<byte[]?> GetOrMakeAsync(string key, CmsDbContext db, CancellationToken ct)
    {
        // variants/ab/{sha256}/{preset}-{fingerprint}.{ext}
        var parts = key.Split('/');
        if (parts.Length != 4 || parts[2].Length != 64)
        {
            return null;
        }
        var sha256 = parts[2];
        var file = parts[3];
        var dot = file.LastIndexOf('.');
        var dash = file.LastIndexOf('-');
        if (dot < 0 || dash < 0 || dash > dot)
        {
            return null;
        }
        var presetName = file[..dash];
        var format = Formats.FirstOrDefault(f => f.Extension == file[(dot + 1)..]);
        if (format is null || !options.Value.Presets.TryGetValue(presetName, out var preset))
        {
            return null;
        }
        var asset = await db.Assets.AsNoTracking().Where(a => a.Sha256 == sha256)
            .Select(a => new { a.OriginalKey, a.FocalX, a.FocalY, a.ContentType }).SingleOrDefaultAsync(ct);
        if (asset is null || asset.ContentType == ImageFormat.Svg.ContentType || Key(sha256, presetName, preset, new FocalPoint(asset.FocalX, asset.FocalY), format) != key)
        {
            return null;
        }
        var made = await joins.GetOrCreateAsync($"variant:{key}",
            (Variants: this, Key: key, asset.OriginalKey, Preset: preset, Focal: new FocalPoint(asset.FocalX, asset.FocalY), Format: format),
            static async (s, token) => new Joined(await s.Variants.MakeAsync(s.Key, s.OriginalKey, s.Preset, s.Focal, s.Format, token)),
            JoinOnly, cancellationToken: ct);
        return made.Bytes;
    }

    /// <param name="ct">Cancelled only when every request waiting for this variant has gone.</param>
    private async Task<byte[]?> MakeAsync(string key, string originalKey, VariantPreset preset, FocalPoint focal, ImageFormat format,
        CancellationToken ct)
    {
        // A request that missed the store just before another one's put finished: what was made is there now.
        if (await store.GetAsync(key, ct) is { } stored)
        {
            return await stored.ReadAllAsync(ct);
        }
        if (await store.GetAsync(originalKey, ct) is not { } originalFile)
        {
            return null; // the original is gone (deleted while asked for): so is the variant
        }
        var original = await originalFile.ReadAllAsync(ct);
        var bytes = await work.RunAsync(() => Transform(original, preset, focal, format), ct);
        await store.PutAsync(key, bytes, format.ContentType, ct);
        Interlocked.Increment(ref _made);
        return bytes;
    }

    private static byte[] Transform(byte[] original, VariantPreset preset, FocalPoint focal, ImageFormat format)
    {
        using var header = Image.NewFromBuffer(original, access: Enums.Access.Sequential);
        var (width, height) = Size(preset, header.Width, header.Height);
        Image result;
        if (preset.Height is null)
        {
            // Shrink-on-load: a JPEG is decoded at a fraction of its size when that is enough.
            result = Image.ThumbnailBuffer(original, width, height: 10_000_000, size: Enums.Size.Down);
        }
        else
        {
            var scale = Math.Max((double)width / header.Width, (double)height / header.Height);
            using var cover = Image.ThumbnailBuffer(original, Math.Max(width, (int)Math.Ceiling(header.Width * scale)),
                height: Math.Max(height, (int)Math.Ceiling(header.Height * scale)), size: Enums.Size.Force);
            var left = Math.Clamp((int)Math.Round(focal.X * cover.Width - width / 2.0), 0, cover.Width - width);
            var top = Math.Clamp((int)Math.Round(focal.Y * cover.Height - height / 2.0), 0, cover.Height - height);
            result = cover.Crop(left, top, width, height);
        }
        using (result)
        {
            return format.Extension switch
            {
                "webp" => result.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.Icc),
                "jpg" => result.JpegsaveBuffer(q: 82, keep: Enums.ForeignKeep.Icc, interlace: true),
                _ => result.HeifsaveBuffer(q: 60, compression: Enums.ForeignHeifCompression.Av1, keep: Enums.ForeignKeep.Icc),
            };
        }
    }

    /// <summary>The variant's size: never wider or taller than the original; a crop keeps its ratio when it must shrink.</summary>
    private static (int Width, int Height) Size(VariantPreset preset, int width, int height)
    {
        if (preset.Height is not { } cropHeight)
        {
            var w = Math.Min(preset.Width, width);
            return (w, Math.Max(1, (int)Math.Round(height * (double)w / width)));
        }
        var shrink = Math.Min(1, Math.Min((double)width / preset.Width, (double)height / cropHeight));
        return (Math.Max(1, (int)Math.Round(preset.Width * shrink)), Math.Max(1, (int)Math.Round(cropHeight * shrink)));
    }

    /// <summary>The store folder that holds every variant of the original with this hash.</summary>
    public static string FolderOf(string sha256) => $"variants/{sha256[..2]}/{sha256}/";

    private static string Key(string sha256, string name, VariantPreset preset, FocalPoint focal, ImageFormat format)
    {
        var decides = string.Create(CultureInfo.InvariantCulture, $"{preset.Width}x{preset.Height}@{focal.X:R},{focal.Y:R}");
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(decides)))[..10];
        return $"{FolderOf(sha256)}{name}-{fingerprint}.{format.Extension}";
    }
}
