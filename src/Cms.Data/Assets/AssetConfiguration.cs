using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Assets;

public sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder)
    {
        builder.Property(a => a.Filename).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.ContentType).HasMaxLength(50);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(a => a.Sha256).IsUnique().HasDatabaseName(UniqueIndexes.AssetSha256);
        builder.Property(a => a.OriginalKey).HasMaxLength(200);
        builder.Property(a => a.Alt).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Caption).HasMaxLength(Limits.LongText);
        builder.Property(a => a.Credit).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Copyright).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Source).HasMaxLength(Limits.ShortText);
        // Lists are newest first: the id is a UUID v7, in creation order.
        builder.HasIndex(a => a.CreatedAt);
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}
