using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Authors;

/// <summary>The body of POST and PUT. <c>email</c> is shown to keyed callers only.</summary>
[ReadOnlyFields("id", "articleCount", "createdAt", "updatedAt")]
public sealed record AuthorWrite(
    [property: Description("Generated from the name when not given on create; kept when omitted on update.")] string? Slug = null,
    [property: Required] string? Name = null,
    [property: Description("Job title shown with the byline, e.g. Reporter.")] string? Title = null,
    string? Bio = null,
    [property: Description("Shown to keyed callers only. On PUT an omitted email keeps the stored one; null clears it.")] string? Email = null,
    string? AvatarUrl = null,
    string? WebsiteUrl = null,
    [property: Description("Handle per network, e.g. { \"x\": \"@name\" }.")] Dictionary<string, string>? Socials = null);

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

    /// <summary>What a caller without a key may see: no email address.</summary>
    public AuthorResponse ForReaders() => this with { Email = null };
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

    /// <summary>What a caller without a key may see: no email address.</summary>
    public AuthorListItem ForReaders() => this with { Email = null };
}
