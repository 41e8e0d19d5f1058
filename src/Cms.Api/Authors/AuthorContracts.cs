using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Authors;

/// <summary>The body of POST and PUT. <c>email</c> is shown to keyed callers only.</summary>
[ReadOnlyFields("id", "articleCount", "createdAt", "updatedAt", "avatarVariants", "url")]
public sealed record AuthorWrite(
    [property: Description("Generated from the name when not given on create; kept when omitted on update.")] string? Slug = null,
    [property: Required] string? Name = null,
    [property: Description("Job title shown with the byline, e.g. Reporter.")] string? Title = null,
    string? Bio = null,
    [property: Description("Shown to keyed callers only. On PUT an omitted email keeps the stored one; null clears it.")] string? Email = null,
    [property: Description("An avatar elsewhere; ignored with avatarAssetId (the asset gives it).")] string? AvatarUrl = null,
    string? WebsiteUrl = null,
    [property: Description("Handle per network, e.g. { \"x\": \"@name\" }.")] Dictionary<string, string>? Socials = null,
    [property: Description("The avatar as an asset of the media library: avatarUrl is then its original, avatarVariants its sizes.")] Guid? AvatarAssetId = null)
    : IHasExample<AuthorWrite>
{
    /// <summary>The demo content's reporter (Rina Wulandari), whom the examples of article writes credit.</summary>
    public static readonly Guid ExampleReporterId = new("01907a1c-5e00-7000-8000-00000000a001");

    public static AuthorWrite Example => new(Name: "Hani Fatunnisa", Title: "Reporter", Bio: "Meliput politik dan hukum di Jakarta.",
        Socials: new() { ["x"] = "@hanifatunnisa" });
}

public sealed record AuthorResponse(
    Guid Id,
    string Slug,
    string Name,
    string? Title,
    string? Bio,
    string? AvatarUrl,
    string? WebsiteUrl,
    Dictionary<string, string> Socials,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }

    [Description("Shown to keyed callers only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    [Description("The author's page on the frontend (Site:BaseUrl and Site:AuthorPath); left out without a base URL.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [Description("The avatar's asset, when it is one.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? AvatarAssetId { get; init; }

    [Description("Only with an avatar asset: its variants, for srcset.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Cms.Api.Media.AssetVariant>? AvatarVariants { get; init; }

    /// <summary>What names the avatar asset's variants; never sent.</summary>
    [JsonIgnore]
    public Cms.Api.Media.AssetImage? Avatar { get; init; }

    /// <summary>What a caller without a key may see: no email address.</summary>
    public AuthorResponse ForReaders() => this with { Email = null };

    /// <summary>The avatar as a response gives it: its url absolute, and its variants when it is an asset.</summary>
    public AuthorResponse WithAvatarVariants(Cms.Api.Media.Variants variants) => this with
    {
        AvatarUrl = variants.Url(AvatarUrl),
        AvatarVariants = Avatar is { } avatar ? variants.Of(avatar) : AvatarVariants,
    };
}

public sealed record AuthorListItem(
    Guid Id,
    string Slug,
    string Name,
    string? Title,
    string? Bio,
    string? AvatarUrl,
    string? WebsiteUrl,
    Dictionary<string, string> Socials,
    [property: Description("Published articles that credit this author.")] int ArticleCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [Description("Shown to keyed callers only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    [Description("The author's page on the frontend (Site:BaseUrl and Site:AuthorPath); left out without a base URL.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [Description("The avatar's asset, when it is one.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? AvatarAssetId { get; init; }

    [Description("Only with an avatar asset: its variants, for srcset.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Cms.Api.Media.AssetVariant>? AvatarVariants { get; init; }

    /// <summary>What names the avatar asset's variants; never sent.</summary>
    [JsonIgnore]
    public Cms.Api.Media.AssetImage? Avatar { get; init; }

    /// <summary>What a caller without a key may see: no email address.</summary>
    public AuthorListItem ForReaders() => this with { Email = null };

    /// <summary>The avatar as a response gives it: its url absolute, and its variants when it is an asset.</summary>
    public AuthorListItem WithAvatarVariants(Cms.Api.Media.Variants variants) => this with
    {
        AvatarUrl = variants.Url(AvatarUrl),
        AvatarVariants = Avatar is { } avatar ? variants.Of(avatar) : AvatarVariants,
    };
}
