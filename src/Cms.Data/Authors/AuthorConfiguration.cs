using System.Text.Json;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Authors;

public sealed class AuthorConfiguration : IEntityTypeConfiguration<Author>
{
    public void Configure(EntityTypeBuilder<Author> builder)
    {
        builder.Property(a => a.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(a => a.Slug).IsUnique().HasDatabaseName(UniqueIndexes.AuthorSlug);
        builder.Property(a => a.Name).HasMaxLength(Limits.Name);
        builder.HasIndex(a => a.Name);
        builder.Property(a => a.Title).HasMaxLength(Limits.Name);
        builder.Property(a => a.Bio).HasMaxLength(Limits.Bio);
        builder.Property(a => a.Email).HasMaxLength(Limits.Email);
        builder.Property(a => a.AvatarUrl).HasMaxLength(Limits.Url);
        builder.HasOne(a => a.AvatarAsset).WithMany().HasForeignKey(a => a.AvatarAssetId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.WebsiteUrl).HasMaxLength(Limits.Url);
        builder.Property(a => a.Socials)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new())
            .Metadata.SetValueComparer(new ValueComparer<Dictionary<string, string>>(
                (l, r) => l!.Count == r!.Count && !l.Except(r).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                v => new Dictionary<string, string>(v)));
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}
