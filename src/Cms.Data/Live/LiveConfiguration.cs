using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Live;

// No foreign key to the article: a story moved to the trash keeps its coverage, for a restore (ArticleTrash purges it).
public sealed class LiveCoverageConfiguration : IEntityTypeConfiguration<LiveCoverage>
{
    public void Configure(EntityTypeBuilder<LiveCoverage> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.LastSequence).IsConcurrencyToken();
    }
}

public sealed class LiveUpdateConfiguration : IEntityTypeConfiguration<LiveUpdate>
{
    public void Configure(EntityTypeBuilder<LiveUpdate> builder)
    {
        // A story's updates newest first, and what changed after a sequence (?after=).
        builder.HasIndex(u => new { u.ArticleId, u.Sequence }).IsUnique();
        builder.HasIndex(u => new { u.ArticleId, u.ChangedSequence });
        builder.Property(u => u.Headline).HasMaxLength(Limits.ShortText);
        builder.Property(u => u.Body).HasMaxLength(LiveLimits.Body);
        builder.Property(u => u.Version).IsConcurrencyToken();
    }
}

public sealed class LiveEventConfiguration : IEntityTypeConfiguration<LiveEvent>
{
    public void Configure(EntityTypeBuilder<LiveEvent> builder)
    {
        builder.HasKey(e => new { e.ArticleId, e.Sequence });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
    }
}

public static class LiveLimits
{
    /// <summary>An update is a short post: at most this many characters of Markdown.</summary>
    public const int Body = 20_000;
}
