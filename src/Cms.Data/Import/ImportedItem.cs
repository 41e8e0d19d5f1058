using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Import;

/// <summary>
/// What an import made from an item of another system: WordPress's post 123 is this article. A second run skips what
/// is here (idempotent, resumable), and the item's old addresses (its permalink, ?p=123) find the new resource.
/// </summary>
public sealed class ImportedItem
{
    public long Id { get; set; }

    /// <summary>The system it came from: wordpress.</summary>
    public required string Source { get; set; }

    /// <summary>post, author, term or attachment.</summary>
    public required string Kind { get; set; }

    /// <summary>Its id there (a post's ID, a term's slug, an author's login).</summary>
    public required string ExternalId { get; set; }

    public Guid ResourceId { get; set; }

    /// <summary>The path of its old address (a post's permalink without the host), to answer for it; null when none.</summary>
    public string? OldPath { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}

public sealed class ImportedItemConfiguration : IEntityTypeConfiguration<ImportedItem>
{
    public void Configure(EntityTypeBuilder<ImportedItem> builder)
    {
        builder.ToTable("ImportedItems");
        builder.Property(i => i.Source).HasMaxLength(20);
        builder.Property(i => i.Kind).HasMaxLength(20);
        builder.Property(i => i.ExternalId).HasMaxLength(Limits.ShortText);
        builder.Property(i => i.OldPath).HasMaxLength(1000);
        builder.HasIndex(i => new { i.Source, i.Kind, i.ExternalId }).IsUnique();
        builder.HasIndex(i => i.OldPath);
    }
}
