using Cms.Api.Infrastructure;
using NetVips;

namespace Cms.Api.Media;

/// <summary>
/// An upload made safe to serve: upright, without metadata but its colour profile, in the format it came in; with the
/// credit and copyright its IPTC or XMP data gave, if any (read before they were stripped).
/// </summary>
public sealed record IntakenImage(byte[] Bytes, ImageFormat Format, int Width, int Height, string? Credit = null, string? Copyright = null);

/// <summary>A format the library takes: what the bytes start with decides it, never the name or the header the client sent.</summary>
public sealed record ImageFormat(string ContentType, string Extension, string Loader)
{
    public static readonly ImageFormat Jpeg = new("image/jpeg", "jpg", "jpegload");
    public static readonly ImageFormat Png = new("image/png", "png", "pngload");
    public static readonly ImageFormat Gif = new("image/gif", "gif", "gifload");
    public static readonly ImageFormat WebP = new("image/webp", "webp", "webpload");
    public static readonly ImageFormat Avif = new("image/avif", "avif", "heifload");

    /// <summary>Vector: taken only when Media:AllowSvg is set, never decoded, served sandboxed, no variants.</summary>
    public static readonly ImageFormat Svg = new("image/svg+xml", "svg", "");

    /// <summary>The raster formats: always taken, and the ones variants are made from.</summary>
    public static IReadOnlyList<ImageFormat> All { get; } = [Jpeg, Png, Gif, WebP, Avif];

    /// <summary>Every format a stored file can have.</summary>
    public static IReadOnlyList<ImageFormat> Stored { get; } = [Jpeg, Png, Gif, WebP, Avif, Svg];

    /// <summary>The format the bytes are in, by their signature, or null.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return Gif;
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }
        // ISO BMFF: a box size, "ftyp", then the major brand.
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && (bytes[8..12].SequenceEqual("avif"u8) || bytes[8..12].SequenceEqual("avis"u8)))
        {
            return Avif;
        }
        return null;
    }
}

/// <summary>
/// Takes an upload in, treating it as hostile: the type from its signature (415 otherwise), the size from the
/// header before any pixel is decoded (422 over the pixel limit, so a decompression bomb costs nothing), then one
/// decode that fails on any error (422 for a truncated or corrupt file), auto-rotated by its EXIF orientation and
/// written again in its own format with nothing kept but the colour profile: no GPS, camera serial or other
/// device data reaches a served file. Animated GIF and WebP keep their frames.
/// </summary>
public static class ImageIntake
{
    public static IntakenImage Take(byte[] upload, long maxPixels, bool allowSvg = false)
    {
        if (allowSvg && SvgIntake.LooksLikeSvg(upload))
        {
            return SvgIntake.Take(upload);
        }
        var format = ImageFormat.Sniff(upload) ?? throw new RequestProblemException(415, ErrorCodes.UnsupportedMediaType,
            "The file is not a JPEG, PNG, WebP, GIF or AVIF image (its content decides, not its name or type)"
            + (allowSvg ? ", nor an SVG." : "; SVG is not accepted here."));
        var animated = format == ImageFormat.Gif || format == ImageFormat.WebP;
        try
        {
            var options = animated ? new VOption { { "n", -1 } } : null;
            // The header first: its size is judged before any pixel is decoded.
            bool turn;
            using (var header = Image.NewFromBuffer(upload, "", Enums.Access.Sequential, Enums.FailOn.Error, options))
            {
                if (!(header.Get("vips-loader") as string ?? "").StartsWith(format.Loader, StringComparison.Ordinal))
                {
                    throw Unreadable();
                }
                var pixels = (long)header.Width * header.Height;
                if (pixels > maxPixels)
                {
                    throw new RequestProblemException(422, ErrorCodes.InvalidImage,
                        $"The image is {header.Width}x{header.Height}, {pixels / 1_000_000.0:0.#} megapixels; the limit is {maxPixels / 1_000_000.0:0.#}.",
                        new Dictionary<string, string[]> { ["file"] = ["Too many pixels."] });
                }
                turn = header.GetTypeOf("orientation") != 0 && (int)header.Get("orientation") is > 1 and <= 8;
            }
            // Turning a photo upright reads it out of order, which a sequential decode cannot: random access then.
            using var image = Image.NewFromBuffer(upload, "", turn ? Enums.Access.Random : Enums.Access.Sequential,
                Enums.FailOn.Error, options);
            var (credit, copyright) = PhotoMetadata.CreditAndCopyright(image);
            using var upright = image.GetTypeOf("page-height") == 0 ? image.Autorot() : image.Copy();
            var bytes = Save(upright, format);
            var height = upright.GetTypeOf("page-height") != 0 ? (int)upright.Get("page-height") : upright.Height;
            return new IntakenImage(bytes, format, upright.Width, height, credit, copyright);
        }
        catch (VipsException)
        {
            throw Unreadable();
        }
    }

    private static byte[] Save(Image image, ImageFormat format) => format.Extension switch
    {
        "jpg" => image.JpegsaveBuffer(q: 90, keep: Enums.ForeignKeep.Icc),
        "png" => image.PngsaveBuffer(keep: Enums.ForeignKeep.Icc),
        "gif" => image.GifsaveBuffer(keep: Enums.ForeignKeep.None),
        "webp" => image.WebpsaveBuffer(q: 90, keep: Enums.ForeignKeep.Icc),
        _ => image.HeifsaveBuffer(q: 70, compression: Enums.ForeignHeifCompression.Av1, keep: Enums.ForeignKeep.Icc),
    };

    private static RequestProblemException Unreadable() => new(422, ErrorCodes.InvalidImage,
        "The file cannot be read as the image it says it is: it is truncated or corrupt.",
        new Dictionary<string, string[]> { ["file"] = ["Not a readable image."] });
}
