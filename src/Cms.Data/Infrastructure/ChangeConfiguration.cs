using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Infrastructure;

public sealed class ChangeConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> builder)
    {
        builder.ToTable("Changes");
        builder.HasKey(c => c.Seq);
        builder.Property(c => c.Seq).ValueGeneratedOnAdd();
        builder.Property(c => c.Resource).HasMaxLength(20);
    }
}
