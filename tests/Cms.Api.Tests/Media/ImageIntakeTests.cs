using System.Text;
using Cms.Api.Infrastructure;
using Cms.Api.Media;
using NetVips;

namespace Cms.Api.Tests.Media;

public sealed class ImageIntakeTests
{
    private const long Limit = 50_000_000;

    /// <summary>
    /// A phone photo: stored 1600x1200 with EXIF orientation 6 (shown 1200x1600), a camera make and a GPS position.
    /// Large enough that turning it cannot be done in one pass of a sequential decode.
    /// </summary>
    public static byte[] PhonePhoto()
    {
        using var pixels = Image.Black(1600, 1200, bands: 3) + new double[] { 200, 120, 40 };
        using var photo = pixels.Cast(Enums.BandFormat.Uchar).Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd0-Make", "PhoneCo");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "6/1 10/1 30/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "S");
        });
        return photo.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.All);
    }

    /// <summary>A JPEG with an agency's IPTC credit and copyright, and XMP that says otherwise (IPTC wins).</summary>
    public static byte[] AgencyPhoto(string xmp = "")
    {
        static byte[] Dataset(byte number, string text)
        {
            var value = System.Text.Encoding.UTF8.GetBytes(text);
            return [0x1C, 2, number, (byte)(value.Length >> 8), (byte)value.Length, .. value];
        }
        byte[] iptc = [.. Dataset(110, "ANTARA FOTO"), .. Dataset(116, "© 2024 ANTARA")];
        byte[] size = [(byte)(iptc.Length >> 24), (byte)(iptc.Length >> 16), (byte)(iptc.Length >> 8), (byte)iptc.Length];
        byte[] irb = [.. "Photoshop 3.0\0"u8, .. "8BIM"u8, 0x04, 0x04, 0, 0, .. size, .. iptc, .. (iptc.Length % 2 == 1 ? new byte[] { 0 } : [])];
        // A colour of its own (one of 16.7 million, not 256): two photos of one test are two assets, not one by content.
        using var pixels = (Image.Black(64, 48, bands: 3) + new double[] { Random.Shared.Next(256), Random.Shared.Next(256), Random.Shared.Next(256) })
            .Cast(Enums.BandFormat.Uchar);
        using var photo = pixels.Mutate(m =>
        {
            m.Set(GValue.BlobType, "iptc-data", irb);
            if (xmp.Length > 0)
            {
                m.Set(GValue.BlobType, "xmp-data", System.Text.Encoding.UTF8.GetBytes(xmp));
            }
        });
        return photo.JpegsaveBuffer(keep: Enums.ForeignKeep.All);
    }

    private const string Xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        + "photoshop:Credit=\"Reuters\"><dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">© 2024 Reuters</rdf:li></rdf:Alt></dc:rights>"
        + "</rdf:Description></rdf:RDF></x:xmpmeta>";

    [Fact]
    public void Credit_and_copyright_come_from_iptc_else_xmp_and_are_stripped_from_the_file()
    {
        var upload = AgencyPhoto(Xmp);
        Assert.Contains("iptc-data", Fields(upload)); // the upload really carries them
        Assert.Contains("xmp-data", Fields(upload));
        var agency = ImageIntake.Take(upload, Limit);
        Assert.Equal(("ANTARA FOTO", "© 2024 ANTARA"), (agency.Credit, agency.Copyright));
        Assert.DoesNotContain("iptc", Fields(agency.Bytes));
        Assert.DoesNotContain("xmp", Fields(agency.Bytes));

        using var pixels = (Image.Black(64, 48, bands: 3) + 9).Cast(Enums.BandFormat.Uchar);
        using var onlyXmp = pixels.Mutate(m => m.Set(GValue.BlobType, "xmp-data", System.Text.Encoding.UTF8.GetBytes(Xmp)));
        var reuters = ImageIntake.Take(onlyXmp.JpegsaveBuffer(keep: Enums.ForeignKeep.All), Limit);
        Assert.Equal(("Reuters", "© 2024 Reuters"), (reuters.Credit, reuters.Copyright));
    }

    [Fact]
    public void Xmp_with_a_dtd_is_ignored_not_expanded()
    {
        const string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" photoshop:Credit=\"&lol2;\"/>";
        using var pixels = (Image.Black(64, 48, bands: 3) + 17).Cast(Enums.BandFormat.Uchar);
        using var hostile = pixels.Mutate(m => m.Set(GValue.BlobType, "xmp-data", System.Text.Encoding.UTF8.GetBytes(laughs)));
        var upload = hostile.JpegsaveBuffer(keep: Enums.ForeignKeep.All);
        Assert.Contains("xmp-data", Fields(upload));
        var taken = ImageIntake.Take(upload, Limit);
        Assert.Null(taken.Credit);
        Assert.Equal((64, 48), (taken.Width, taken.Height));
    }

    private static string Fields(byte[] bytes)
    {
        using var image = Image.NewFromBuffer(bytes);
        return string.Join(",", image.GetFields());
    }

    [Fact]
    public void Only_a_photo_to_turn_is_decoded_whole_and_its_header_says_how_large_that_is()
    {
        var phone = ImageIntake.Inspect(PhonePhoto(), Limit);
        Assert.Equal((ImageFormat.Jpeg, true, 1600L * 1200 * 3), (phone.Format, phone.Turn, phone.WholeDecodeBytes));
        using var pixels = (Image.Black(1600, 1200, bands: 3) + 9).Cast(Enums.BandFormat.Uchar);
        var upright = ImageIntake.Inspect(pixels.JpegsaveBuffer(), Limit);
        Assert.Equal((false, 0L), (upright.Turn, upright.WholeDecodeBytes));
    }

    [Fact]
    public void A_phone_photo_comes_out_upright_without_its_gps_or_camera_data()
    {
        var upload = PhonePhoto();
        Assert.Contains("exif-ifd3-GPSLatitude", Fields(upload)); // the upload really carries them

        var taken = ImageIntake.Take(upload, Limit);

        Assert.Equal(ImageFormat.Jpeg, taken.Format);
        Assert.Equal((1200, 1600), (taken.Width, taken.Height));
        var fields = Fields(taken.Bytes);
        Assert.DoesNotContain("exif", fields);
        Assert.DoesNotContain("GPS", fields);
        Assert.DoesNotContain("orientation", fields);
        using var stored = Image.NewFromBuffer(taken.Bytes);
        Assert.Equal((1200, 1600), (stored.Width, stored.Height));
    }

    [Fact]
    public void An_animated_gif_keeps_its_frames()
    {
        // Different frames: the GIF writer merges identical ones.
        var frames = new[] { 40, 120, 200 }.Select(v => (Image.Black(20, 10) + v).Cast(Enums.BandFormat.Uchar)).ToArray();
        using var strip = Image.Arrayjoin(frames, across: 1);
        using var animated = strip.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", 10);
            m.Set(GValue.ArrayIntType, "delay", new[] { 100, 100, 100 });
        });
        var taken = ImageIntake.Take(animated.GifsaveBuffer(), Limit);

        Assert.Equal(ImageFormat.Gif, taken.Format);
        Assert.Equal((20, 10), (taken.Width, taken.Height));
        using var stored = Image.NewFromBuffer(taken.Bytes, "", kwargs: new VOption { { "n", -1 } });
        Assert.Equal(3, (int)stored.Get("n-pages"));
    }

    [Fact]
    public void What_the_bytes_are_decides_the_type_and_anything_else_is_415()
    {
        using var image = (Image.Black(8, 8, bands: 3) + 50).Cast(Enums.BandFormat.Uchar);
        Assert.Equal(ImageFormat.Png, ImageIntake.Take(image.PngsaveBuffer(), Limit).Format);
        Assert.Equal(ImageFormat.WebP, ImageIntake.Take(image.WebpsaveBuffer(), Limit).Format);

        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        foreach (var other in new[] { svg, "%PDF-1.7"u8.ToArray(), "just text"u8.ToArray(), new byte[] { 0xFF, 0xD8 } })
        {
            var refused = Assert.Throws<RequestProblemException>(() => ImageIntake.Take(other, Limit));
            Assert.Equal((415, ErrorCodes.UnsupportedMediaType), (refused.Status, refused.Code));
        }
    }

    [Fact]
    public void A_truncated_or_corrupt_image_is_422_not_a_crash()
    {
        var photo = PhonePhoto();
        var truncated = ImageIntake_Fails(photo[..(photo.Length / 2)]);
        Assert.Equal((422, ErrorCodes.InvalidImage), (truncated.Status, truncated.Code));

        var garbage = photo.ToArray();
        new Random(3).NextBytes(garbage.AsSpan(200));
        var corrupt = ImageIntake_Fails(garbage);
        Assert.Equal((422, ErrorCodes.InvalidImage), (corrupt.Status, corrupt.Code));
    }

    [Fact]
    public void Too_many_pixels_are_refused_from_the_header()
    {
        // 30000x30000 claimed by a PNG header whose pixel data is missing: refused for its size, not for the
        // missing data, so it was judged before any decode.
        using var small = (Image.Black(30000, 30000) + 0).Cast(Enums.BandFormat.Uchar);
        var header = small.PngsaveBuffer(compression: 9)[..2000]; // of about 876 KB
        var refused = ImageIntake_Fails(header);
        Assert.Equal((422, ErrorCodes.InvalidImage), (refused.Status, refused.Code));
        Assert.Contains("900 megapixels", refused.Message);
    }

    private static RequestProblemException ImageIntake_Fails(byte[] bytes) =>
        Assert.Throws<RequestProblemException>(() => ImageIntake.Take(bytes, Limit));
}
