using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Media;

/// <summary>Where crops centre: x from the left, y from the top, each 0 to 1.</summary>
public sealed record FocalPoint(double X, double Y);

/// <summary>A focal point to write: both coordinates, each 0 to 1.</summary>
public sealed record FocalPointWrite([property: Required] double? X = null, [property: Required] double? Y = null);

/// <summary>What the newsroom says about an asset: the text fields of an upload, and the body a PATCH merges into.</summary>
[ReadOnlyFields("id", "filename", "contentType", "bytes", "width", "height", "sha256", "url", "createdAt", "updatedAt", "createdByKeyId", "updatedByKeyId")]
public sealed record AssetWrite(
    [property: Description("Text alternative for screen readers.")] string? Alt = null,
    [property: Description("The caption that goes with the photo wherever it is used, unless the use gives its own.")] string? Caption = null,
    [property: Description("Who the picture is from, e.g. \"Presiden Rusia, Vladimir Putin/Net\".")] string? Credit = null,
    string? Copyright = null,
    [property: Description("Where it came from, e.g. an agency or a reporter's phone.")] string? Source = null,
    [property: Description("Where crops centre; the middle when not given.")] FocalPointWrite? FocalPoint = null) : IHasExample<AssetWrite>
{
    public static AssetWrite Example => new("Vladimir Putin turun dari pesawat di Bandara Pyongyang", "Presiden Rusia, Vladimir Putin",
        "Net", null, "Kantor berita", new FocalPointWrite(0.5, 0.3));
}

/// <summary>The multipart/form-data body of an upload (documents the form; read by <see cref="AssetUploadReader"/>).</summary>
public sealed record AssetUpload(
    [property: Description("The image: JPEG, PNG, WebP, GIF or AVIF, decided by its content.")] IFormFile File,
    string? Alt = null,
    string? Caption = null,
    string? Credit = null,
    string? Copyright = null,
    string? Source = null,
    [property: Description("x,y with each 0 to 1, e.g. 0.5,0.3.")] string? FocalPoint = null) : IHasExample<AssetUpload>
{
    /// <summary>The text fields as Swagger UI fills them in; an empty one is not given.</summary>
    public static AssetUpload Example => new(null!, AssetWrite.Example.Alt, AssetWrite.Example.Caption, AssetWrite.Example.Credit,
        "© Kantor berita", AssetWrite.Example.Source, "0.5,0.3");
}

public sealed record AssetResponse(
    Guid Id,
    [property: Description("The name it was uploaded with.")] string Filename,
    [property: Description("Decided from the content.")] string ContentType,
    [property: Description("Size of the original as served (upright, metadata stripped).")] long Bytes,
    int Width,
    int Height,
    [property: Description("SHA-256 of the uploaded bytes, hex: the same upload again returns this asset.")] string Sha256,
    string? Alt,
    string? Caption,
    string? Credit,
    string? Copyright,
    string? Source,
    FocalPoint FocalPoint,
    [property: Description("The original, upright and without GPS or device data; stable and cached for a year.")] string Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }

    [Required, Description("Each preset in each format, for srcset: made on first request, then served from the store.")]
    public IReadOnlyList<AssetVariant> Variants { get; init; } = [];

    [Required, Description("The variants grouped by aspect and format, each a ready srcset (docs/media.md: which for a lead image, a card, a social preview).")]
    public IReadOnlyList<ImageSrcset> Srcsets { get; init; } = [];

    [Description("The API key that uploaded it; shown to keyed callers only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? CreatedByKeyId { get; init; }

    [Description("The API key that changed it last; shown to keyed callers only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? UpdatedByKeyId { get; init; }

    public AssetResponse ForReaders() => this with { CreatedByKeyId = null, UpdatedByKeyId = null };
}
