using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Keys;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.SecretHash).HasMaxLength(32);
        // Every authenticated request looks its key up by hash.
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.Property(k => k.PreviousSecretHash).HasMaxLength(32);
        // A rotated key's old secret is looked up too, while it is still accepted.
        builder.HasIndex(k => k.PreviousSecretHash);
    }
}
