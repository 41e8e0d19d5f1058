using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.Property(a => a.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(a => a.Slug).IsUnique().HasDatabaseName(UniqueIndexes.ArticleSlug);
        builder.Property(a => a.Title).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Subtitle).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Excerpt).HasMaxLength(Limits.LongText);
        builder.Property(a => a.Language).HasMaxLength(Limits.Language);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.FeatureImageUrl).HasMaxLength(Limits.Url);
        builder.Property(a => a.FeatureImageAlt).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.FeatureImageCaption).HasMaxLength(Limits.LongText);
        builder.Property(a => a.FeatureImageCredit).HasMaxLength(Limits.ShortText);
        builder.HasOne<Cms.Data.Assets.Asset>().WithMany().HasForeignKey(a => a.FeatureImageAssetId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.SeoMetaTitle).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.SeoMetaDescription).HasMaxLength(Limits.LongText);
        builder.Property(a => a.SeoCanonicalUrl).HasMaxLength(Limits.Url);
        builder.Property(a => a.Version).IsConcurrencyToken();

        // The list's sort orders and its status filter.
        builder.HasIndex(a => new { a.Status, a.PublishedAt });
        builder.HasIndex(a => new { a.PublishedAt, a.Id });
        // The readers' stories in time order (ArticleVisibility.Visible): a month's sitemap walks it in order, where the
        // (Status, PublishedAt) index makes PostgreSQL sort a busy month on disk (bench/SITEMAPS.md).
        builder.HasIndex([nameof(Article.PublishedAt), nameof(Article.Id)], "IX_Articles_Listed")
            .HasFilter($"\"Status\" IN ('{nameof(ArticleStatus.Published)}', '{nameof(ArticleStatus.Scheduled)}')");
        builder.HasIndex(a => a.CreatedAt);
        builder.HasIndex(a => a.Title);
        builder.HasIndex(a => a.UpdatedAt);
        builder.HasIndex(a => new { a.Language, a.PublishedAt });

        builder.HasMany(a => a.Authors).WithOne(b => b.Article).HasForeignKey(b => b.ArticleId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Tags).WithOne(t => t.Article).HasForeignKey(t => t.ArticleId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.BodyAssets).WithOne().HasForeignKey(b => b.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
