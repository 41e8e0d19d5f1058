namespace Cms.Api.Media;

/// <summary>The <c>Media</c> configuration section.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>FileSystem (the default: <see cref="Folder"/>) or S3.</summary>
    public MediaStoreKind Store { get; set; } = MediaStoreKind.FileSystem;

    /// <summary>Where the FileSystem store keeps files; relative to the working directory.</summary>
    public string Folder { get; set; } = "data/media";

    public S3Options S3 { get; set; } = new();

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
