using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

public sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> builder)
    {
        builder.ToTable("ArticleTags");
        builder.HasKey(t => new { t.ArticleId, t.TagId });
        builder.HasIndex(t => new { t.TagId, t.ListedAt, t.ArticleId });

        // Deleting a tag removes it from its articles, as the contract promises.
        builder.HasOne(t => t.Tag).WithMany(t => t.ArticleTags).HasForeignKey(t => t.TagId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
