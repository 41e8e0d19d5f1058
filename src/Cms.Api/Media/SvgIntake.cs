using System.Globalization;
using System.Text;
using System.Xml;
using Cms.Api.Infrastructure;

namespace Cms.Api.Media;

/// <summary>
/// SVG, when a newsroom turns it on (Media:AllowSvg; off by default): a vector file can carry scripts, so it is
/// never decoded or rasterised here, only checked to be well-formed XML whose root is svg (no DTD, so no entity
/// expansion), stored as it came, and served with Content-Security-Policy: sandbox and nosniff, so a script in it
/// cannot run with the site's origin. Its size is what its width and height (or viewBox) say; it has no variants.
/// </summary>
public static class SvgIntake
{
    public static bool LooksLikeSvg(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith('<') && head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    public static IntakenImage Take(byte[] upload)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(upload), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = 10 * 1024 * 1024,
            });
            reader.MoveToContent();
            if (reader.LocalName != "svg")
            {
                throw Invalid("The root element is not svg.");
            }
            var (width, height) = Size(reader.GetAttribute("width"), reader.GetAttribute("height"), reader.GetAttribute("viewBox"));
            while (reader.Read())
            {
                // Reading to the end proves the whole file is well-formed.
            }
            return new IntakenImage(upload, ImageFormat.Svg, width, height);
        }
        catch (XmlException e)
        {
            throw Invalid($"Not well-formed XML (DTDs are refused): {e.Message}");
        }
    }

    private static (int Width, int Height) Size(string? width, string? height, string? viewBox)
    {
        if (Length(width) is { } w && Length(height) is { } h)
        {
            return (w, h);
        }
        var box = (viewBox ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return box.Length == 4 && Length(box[2]) is { } bw && Length(box[3]) is { } bh ? (bw, bh) : (0, 0);
    }

    private static int? Length(string? value) =>
        double.TryParse((value ?? "").Replace("px", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && n is > 0 and < 100_000 ? (int)Math.Round(n) : null;

    private static RequestProblemException Invalid(string message) => new(422, ErrorCodes.InvalidImage, message,
        new Dictionary<string, string[]> { ["file"] = [message] });
}
