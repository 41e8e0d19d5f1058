using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Tags;

/// <summary>The body of POST and PUT.</summary>
[ReadOnlyFields("id", "articleCount", "createdAt", "updatedAt", "url")]
public sealed record TagWrite(
    [property: Description("Generated from the name when not given on create; kept when omitted on update.")] string? Slug = null,
    [property: Required] string? Name = null,
    string? Description = null) : IHasExample<TagWrite>
{
    /// <summary>The demo content's "Politik" tag, which the examples of article writes name.</summary>
    public static readonly Guid ExampleTagId = new("01907a1c-5e00-7000-8000-00000000b001");

    public static TagWrite Example => new(Name: "Kunjungan Kenegaraan", Description: "Kunjungan kepala negara ke luar negeri dan tamu negara.");
}

public sealed record TagResponse(
    Guid Id,
    string Slug,
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }

    [Description("The tag's page on the frontend (Site:BaseUrl and Site:TagPath); left out without a base URL.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
}

public sealed record TagListItem(
    Guid Id,
    string Slug,
    string Name,
    string? Description,
    [property: Description("Published articles with this tag.")] int ArticleCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [Description("The tag's page on the frontend (Site:BaseUrl and Site:TagPath); left out without a base URL.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
}
