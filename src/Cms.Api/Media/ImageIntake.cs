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

/// <summary>What an upload's signature and header say (<see cref="ImageIntake.Inspect"/>).</summary>
/// <param name="WholeDecodeBytes">The memory its decode takes when it must be decoded whole (to be turned), else 0.</param>
public sealed record UploadHeader(ImageFormat Format, bool Turn, long WholeDecodeBytes);

/// <summary>
/// Takes an upload in, treating it as hostile: the type from its signature (415 otherwise), the size from the
/// header before any pixel is decoded (422 over the pixel limit, so a decompression bomb costs nothing), then one
/// decode that fails on any error (422 for a truncated or corrupt file), auto-rotated by its EXIF orientation and
/// written again in its own format with nothing kept but the colour profile: no GPS, camera serial or other
/// device data reaches a served file. Animated GIF and WebP keep their frames.
/// </summary>
public static class ImageIntake
{
    /// <summary>Judges an upload and takes it in (<see cref="Inspect"/>, then <see cref="Take(byte[], UploadHeader)"/>).</summary>
    public static IntakenImage Take(byte[] upload, long maxPixels, bool allowSvg = false) =>
        Take(upload, Inspect(upload, maxPixels, allowSvg));

    /// <summary>
    /// What the upload's signature and header say, before any pixel is decoded: its type (415 when it is none of
    /// ours), its size (422 over the pixel limit), and whether it must be decoded whole to be turned upright.
    /// </summary>
    public static UploadHeader Inspect(byte[] upload, long maxPixels, bool allowSvg = false)
    {
        if (allowSvg && SvgIntake.LooksLikeSvg(upload))
        {
            return new UploadHeader(ImageFormat.Svg, Turn: false, WholeDecodeBytes: 0);
        }
        var format = ImageFormat.Sniff(upload) ?? throw new RequestProblemException(415, ErrorCodes.UnsupportedMediaType,
            "The file is not a JPEG, PNG, WebP, GIF or AVIF image (its content decides, not its name or type)"
            + (allowSvg ? ", nor an SVG." : "; SVG is not accepted here."));
        try
        {
            using var header = Image.NewFromBuffer(upload, "", Enums.Access.Sequential, Enums.FailOn.Error, Frames(format));
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
            var turn = header.GetTypeOf("page-height") == 0 && header.GetTypeOf("orientation") != 0
                && (int)header.Get("orientation") is > 1 and <= 8;
            // Turning reads the photo out of order, which a sequential decode cannot: it is decoded whole, into memory.
            var bytesPerBand = header.Format switch
            {
                Enums.BandFormat.Uchar or Enums.BandFormat.Char => 1,
                Enums.BandFormat.Ushort or Enums.BandFormat.Short => 2,
                _ => 4,
            };
            return new UploadHeader(format, turn, turn ? pixels * header.Bands * bytesPerBand : 0);
        }
        catch (VipsException)
        {
            throw Unreadable();
        }
    }

    /// <summary>One decode that fails on any error, turned upright and written again with only its colour profile.</summary>
    public static IntakenImage Take(byte[] upload, UploadHeader header)
    {
        if (header.Format == ImageFormat.Svg)
        {
            return SvgIntake.Take(upload);
        }
        try
        {
            using var image = Image.NewFromBuffer(upload, "", header.Turn ? Enums.Access.Random : Enums.Access.Sequential,
                Enums.FailOn.Error, Frames(header.Format));
            var (credit, copyright) = PhotoMetadata.CreditAndCopyright(image);
            using var upright = header.Turn ? image.Autorot() : image.Copy();
            var bytes = Save(upright, header.Format);
            var height = upright.GetTypeOf("page-height") != 0 ? (int)upright.Get("page-height") : upright.Height;
            return new IntakenImage(bytes, header.Format, upright.Width, height, credit, copyright);
        }
        catch (VipsException)
        {
            throw Unreadable();
        }
    }

    /// <summary>Animated GIF and WebP are read with all their frames, stacked as pages.</summary>
    private static VOption? Frames(ImageFormat format) =>
        format == ImageFormat.Gif || format == ImageFormat.WebP ? new VOption { { "n", -1 } } : null;

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
