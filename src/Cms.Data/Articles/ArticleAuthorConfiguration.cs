using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

public sealed class ArticleAuthorConfiguration : IEntityTypeConfiguration<ArticleAuthor>
{
    public void Configure(EntityTypeBuilder<ArticleAuthor> builder)
    {
        builder.ToTable("ArticleAuthors");
        builder.HasKey(b => new { b.ArticleId, b.AuthorId });
        builder.Property(b => b.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(b => new { b.AuthorId, b.ListedAt, b.ArticleId });

        // Restrict, not cascade: an author still credited somewhere must never vanish with a delete.
        builder.HasOne(b => b.Author).WithMany(a => a.Bylines).HasForeignKey(b => b.AuthorId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
