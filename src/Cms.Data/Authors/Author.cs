using Cms.Data.Articles;
using Cms.Data.Infrastructure;

namespace Cms.Data.Authors;

public sealed class Author : ISynced
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Title { get; set; }
    public string? Bio { get; set; }
    public string? Email { get; set; }
    /// <summary>An external avatar, or, with <see cref="AvatarAssetId"/>, the asset's original (set by the API).</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>The avatar as an asset of the media library.</summary>
    public Guid? AvatarAssetId { get; set; }
    public Assets.Asset? AvatarAsset { get; set; }
    public string? WebsiteUrl { get; set; }
    public Dictionary<string, string> Socials { get; set; } = [];
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ArticleAuthor> Bylines { get; set; } = [];
}
