using System.Text;
using System.Xml;
using System.Xml.Linq;
using Cms.Data.Infrastructure;
using NetVips;

namespace Cms.Api.Media;

/// <summary>
/// The credit and copyright a photo carries, as agencies and cameras write them: IPTC (Credit 2:110, Copyright
/// Notice 2:116), else XMP (photoshop:Credit, dc:rights), else EXIF (Copyright). Read from hostile bytes: bounded,
/// no DTDs, anything unreadable is simply absent.
/// </summary>
public static class PhotoMetadata
{
    public static (string? Credit, string? Copyright) CreditAndCopyright(Image image)
    {
        var iptc = Blob(image, "iptc-data");
        var xmp = Xmp(Blob(image, "xmp-data"));
        var credit = Iptc(iptc, 110) ?? xmp.Credit;
        var copyright = Iptc(iptc, 116) ?? xmp.Rights ?? Exif(image, "exif-ifd0-Copyright");
        return (Clean(credit), Clean(copyright));
    }

    private static byte[]? Blob(Image image, string name) =>
        image.GetTypeOf(name) != 0 && image.Get(name) is byte[] bytes && bytes.Length <= 1024 * 1024 ? bytes : null;

    /// <summary>The first IPTC-IIM dataset 2:<paramref name="dataset"/>: 0x1C, record 2, dataset, 2-byte length, text.</summary>
    private static string? Iptc(byte[]? data, byte dataset)
    {
        if (data is null)
        {
            return null;
        }
        for (var i = 0; i + 5 <= data.Length; i++)
        {
            if (data[i] == 0x1C && data[i + 1] == 2 && data[i + 2] == dataset)
            {
                var length = (data[i + 3] << 8) | data[i + 4];
                if (length < 0x8000 && i + 5 + length <= data.Length)
                {
                    return Encoding.UTF8.GetString(data, i + 5, length);
                }
            }
        }
        return null;
    }

    private static (string? Credit, string? Rights) Xmp(byte[]? data)
    {
        if (data is null)
        {
            return (null, null);
        }
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = 1024 * 1024,
            };
            using var reader = XmlReader.Create(new MemoryStream(data), settings);
            var document = XDocument.Load(reader);
            XNamespace photoshop = "http://ns.adobe.com/photoshop/1.0/";
            XNamespace dc = "http://purl.org/dc/elements/1.1/";
            var credit = document.Descendants().Select(e => (string?)e.Attribute(photoshop + "Credit")).FirstOrDefault(v => v is not null)
                ?? document.Descendants(photoshop + "Credit").Select(e => e.Value).FirstOrDefault();
            var rights = document.Descendants(dc + "rights").Select(e => e.Value).FirstOrDefault();
            return (credit, rights);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    /// <summary>libvips shows EXIF text as "value (type, n components, n bytes)".</summary>
    private static string? Exif(Image image, string name)
    {
        if (image.GetTypeOf(name) == 0 || image.Get(name) is not string text)
        {
            return null;
        }
        var cut = text.LastIndexOf(" (", StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : text;
    }

    private static string? Clean(string? value)
    {
        var text = new string((value ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return text.Length == 0 ? null : text[..Math.Min(text.Length, Limits.ShortText)];
    }
}
