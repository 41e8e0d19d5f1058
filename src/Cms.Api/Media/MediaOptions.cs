namespace Cms.Api.Media;

/// <summary>The <c>Media</c> configuration section.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>FileSystem (the default: <see cref="Folder"/>) or S3.</summary>
    public MediaStoreKind Store { get; set; } = MediaStoreKind.FileSystem;

    /// <summary>Where the FileSystem store keeps files; a relative path is under the content root, as SQLite's is.</summary>
    public string Folder { get; set; } = "data/media";

    public S3Options S3 { get; set; } = new();

    /// <summary>
    /// The origin media URLs start with: a CDN in front of <c>/media/</c>, or the API's public origin, e.g.
    /// https://media.example.id. Not set: the origin each request came to.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Larger uploads are refused with 413 as soon as they pass it (default 25 MB).</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Images with more pixels are refused (422) from their header, before any decode (default 50 megapixels).</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>
    /// The sizes variants are made in, by name: a width alone keeps the ratio (never wider than the original); a width
    /// and a height crop to that ratio around the focal point. Defaults: 320, 640, 1280 and 1920 wide, and the three
    /// ratios Google asks of news images at 1200 wide (1x1, 4x3, 16x9). Only these exist: no size in a URL is free.
    /// </summary>
    public Dictionary<string, VariantPreset> Presets { get; set; } = new()
    {
        ["w320"] = new() { Width = 320 },
        ["w640"] = new() { Width = 640 },
        ["w1280"] = new() { Width = 1280 },
        ["w1920"] = new() { Width = 1920 },
        ["1x1"] = new() { Width = 1200, Height = 1200 },
        ["4x3"] = new() { Width = 1200, Height = 900 },
        ["16x9"] = new() { Width = 1200, Height = 675 },
    };

    /// <summary>
    /// The <c>sizes</c> attribute of an image in an article's body: how wide the frontend shows it, from which the
    /// browser picks a variant (default: the width of the screen up to a column of 800 px).
    /// </summary>
    public string BodyImageSizes { get; set; } = "(max-width: 800px) 100vw, 800px";

    /// <summary>Take SVG uploads (off: 415). They are stored as they came and served sandboxed, with no variants.</summary>
    public bool AllowSvg { get; set; }

    /// <summary>Variants are made in WebP and JPEG, and in AVIF too when this is true (slower to encode).</summary>
    public bool Avif { get; set; }

    /// <summary>Images decoded at once (default: the number of cores).</summary>
    public int ImageWorkers { get; set; } = Environment.ProcessorCount;

    /// <summary>Images waiting for a worker; one more is 503 (default 16).</summary>
    public int ImageQueue { get; set; } = 16;

    /// <summary>
    /// Bytes of images decoded whole at once (an upload turned upright by its EXIF orientation is: 72 MB for 24
    /// megapixels); one that needs more than is free waits, one larger than all of it runs alone (default 128 MB).
    /// </summary>
    public long ImageMemory { get; set; } = 128L * 1024 * 1024;

    public sealed class S3Options
    {
        /// <summary>The endpoint of an S3-compatible service, e.g. https://s3.ap-southeast-3.amazonaws.com or http://minio:9000.</summary>
        public string? ServiceUrl { get; set; }
        public string Bucket { get; set; } = "cms-media";
        public string Region { get; set; } = "us-east-1";
        /// <summary>bucket in the path (most S3-compatible servers) rather than in the host name.</summary>
        public bool ForcePathStyle { get; set; } = true;
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
    }
}

public enum MediaStoreKind
{
    FileSystem,
    S3,
}

public sealed class VariantPreset
{
    public int Width { get; set; }

    /// <summary>When set, the variant is cropped to Width x Height around the focal point.</summary>
    public int? Height { get; set; }
}
