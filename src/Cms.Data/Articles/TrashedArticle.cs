using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

/// <summary>
/// A deleted article, kept to be restored until it is purged (by an admin, or after its days in the trash). The article
/// itself is gone (readers, lists, feeds, search and sync see a deletion); this row keeps what restoring needs
/// (<see cref="SnapshotJson"/>: its <see cref="ArticleDocument"/> and what restoring needs besides). Its slug stays reserved meanwhile,
/// as a <see cref="RetiredSlug"/> of the article's id.
/// </summary>
public sealed class TrashedArticle
{
    /// <summary>The article's id, which restoring gives it back.</summary>
    public Guid Id { get; set; }

    public required string Slug { get; set; }
    public required string Title { get; set; }

    /// <summary>Its status when it was deleted (lower case).</summary>
    public required string Status { get; set; }

    public DateTimeOffset TrashedAt { get; set; }
    public Guid? TrashedByKeyId { get; set; }

    /// <summary>The article as the API writes it, plus what a write does not carry (created, corrections): JSON.</summary>
    public required string SnapshotJson { get; set; }
}

public sealed class TrashedArticleConfiguration : IEntityTypeConfiguration<TrashedArticle>
{
    public void Configure(EntityTypeBuilder<TrashedArticle> builder)
    {
        builder.ToTable("ArticleTrash");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        builder.Property(t => t.Title).HasMaxLength(Limits.ShortText);
        builder.Property(t => t.Status).HasMaxLength(20);
        // The trash newest first, and the purge of what is past its days.
        builder.HasIndex(t => t.TrashedAt);
    }
}
