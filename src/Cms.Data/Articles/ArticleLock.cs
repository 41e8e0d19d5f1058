using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

/// <summary>
/// An editor's advisory lock on an article: which key holds it and until when. Advisory: saves do not check it (If-Match
/// guards them); editorial tools ask for it before editing and show who holds it. Gone with the article.
/// </summary>
public sealed class ArticleLock
{
    public Guid ArticleId { get; set; }
    public Guid KeyId { get; set; }

    /// <summary>The key's name when it took the lock, to show who holds it.</summary>
    public required string KeyName { get; set; }

    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Moves on every change, so two keys taking the lock at once cannot both win.</summary>
    public long Version { get; set; }
}

public sealed class ArticleLockConfiguration : IEntityTypeConfiguration<ArticleLock>
{
    public void Configure(EntityTypeBuilder<ArticleLock> builder)
    {
        builder.ToTable("ArticleLocks");
        builder.HasKey(l => l.ArticleId);
        builder.Property(l => l.KeyName).HasMaxLength(Limits.ShortText);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasOne<Article>().WithMany().HasForeignKey(l => l.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
