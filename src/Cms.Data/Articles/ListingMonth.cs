using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

/// <summary>
/// How many articles are listed (published or scheduled, <see cref="ArticleVisibility.ListedAt"/>) in a UTC month, and
/// when something listed in it last changed: what a sitemap index needs of each month without counting the archive.
/// Kept by <see cref="CmsDbContext.SaveChangesAsync(bool, CancellationToken)"/> in the transaction of every article
/// write, under its lock; never written by hand. A test compares it with a count of the articles after every kind of write.
/// </summary>
public sealed class ListingMonth
{
    /// <summary>The month as yyyyMM in UTC, e.g. 202406.</summary>
    public int Month { get; set; }

    public int Listed { get; set; }

    /// <summary>
    /// The last write to an article listed in the month (before or after the write), or a scheduled one's publication
    /// time when that is later: the month's list changes then too.
    /// </summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The month of a listing time.</summary>
    public static int Of(DateTimeOffset listedAt)
    {
        var utc = listedAt.UtcDateTime;
        return utc.Year * 100 + utc.Month;
    }

    /// <summary>The UTC instants the month starts and ends.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Bounds(int month)
    {
        var start = new DateTimeOffset(month / 100, month % 100, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddMonths(1));
    }
}

public sealed class ListingMonthConfiguration : IEntityTypeConfiguration<ListingMonth>
{
    public void Configure(EntityTypeBuilder<ListingMonth> builder)
    {
        builder.ToTable("ListingMonths");
        builder.HasKey(m => m.Month);
        builder.Property(m => m.Month).ValueGeneratedNever();
    }
}
