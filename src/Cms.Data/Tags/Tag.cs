using Cms.Data.Articles;
using Cms.Data.Infrastructure;

namespace Cms.Data.Tags;

public sealed class Tag : ISynced
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ArticleTag> ArticleTags { get; set; } = [];
}
