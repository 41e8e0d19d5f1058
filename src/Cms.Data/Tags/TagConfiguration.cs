using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Tags;

public sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(t => t.Slug).IsUnique().HasDatabaseName(UniqueIndexes.TagSlug);
        builder.Property(t => t.Name).HasMaxLength(Limits.Name);
        builder.HasIndex(t => t.Name);
        builder.Property(t => t.Description).HasMaxLength(Limits.LongText);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}
