using Cms.Data.Articles;
using Cms.Data.Infrastructure;

namespace Cms.Data.Authors;

public sealed class Author : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Title { get; set; }
    public string? Bio { get; set; }
    public string? Email { get; set; }
    public string? AvatarUrl { get; set; }
    public string? WebsiteUrl { get; set; }
    public Dictionary<string, string> Socials { get; set; } = [];
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ArticleAuthor> Bylines { get; set; } = [];
}
