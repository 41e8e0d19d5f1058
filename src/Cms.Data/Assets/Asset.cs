using Cms.Data.Infrastructure;

namespace Cms.Data.Assets;

/// <summary>An uploaded image: its file in the media store under <see cref="OriginalKey"/>, and what the newsroom says about it.</summary>
public sealed class Asset : ISynced
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The name it was uploaded with, for people; never used to find or type the file.</summary>
    public required string Filename { get; set; }

    /// <summary>Decided from the bytes: image/jpeg, image/png, image/webp, image/gif or image/avif.</summary>
    public required string ContentType { get; set; }

    /// <summary>The size of the stored original (metadata stripped, upright).</summary>
    public long Bytes { get; set; }

    public int Width { get; set; }
    public int Height { get; set; }

    /// <summary>Lowercase hex SHA-256 of the uploaded bytes: the same upload again finds this asset.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The media store key of the original as served.</summary>
    public required string OriginalKey { get; set; }

    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }
    public string? Copyright { get; set; }
    public string? Source { get; set; }

    /// <summary>Where crops centre, 0..1 from the left and the top.</summary>
    public double FocalX { get; set; } = 0.5;
    public double FocalY { get; set; } = 0.5;

    public Guid? CreatedByKeyId { get; set; }
    public Guid? UpdatedByKeyId { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
