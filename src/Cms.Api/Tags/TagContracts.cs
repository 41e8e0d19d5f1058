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
    string? Description = null);

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
