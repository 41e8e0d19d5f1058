using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Collections;

public sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> builder)
    {
        builder.Property(c => c.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(c => c.Slug).IsUnique().HasDatabaseName(UniqueIndexes.CollectionSlug);
        builder.Property(c => c.Name).HasMaxLength(Limits.Name);
        builder.Property(c => c.Description).HasMaxLength(Limits.LongText);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.FillerJson).HasMaxLength(Limits.LongText);
        builder.Property(c => c.Window).HasMaxLength(10);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasMany(c => c.Arrangements).WithOne().HasForeignKey(a => a.CollectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CollectionArrangementConfiguration : IEntityTypeConfiguration<CollectionArrangement>
{
    public void Configure(EntityTypeBuilder<CollectionArrangement> builder)
    {
        // The arrangement effective at an instant: the newest at or before it, per collection.
        builder.HasIndex(a => new { a.CollectionId, a.EffectiveAt });
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}
