using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Articles;

/// <summary>
/// Save step: the count of listed articles per month (<see cref="ListingMonth"/>, what the sitemap index reads), changed
/// before the write inside its transaction: on PostgreSQL under the lock every write takes first (the change log's), on
/// SQLite under its one writer, so two saves never both read a month's count before either writes it.
/// </summary>
public sealed class ListingMonthCounts : ISaveStep
{
    public SaveStepRun? Plan(CmsDbContext db)
    {
        var months = Changed(db);
        return months.Count == 0 ? null : new SaveStepRun(Before: (save, ct) => CountAsync(save, months, ct));
    }

    /// <summary>
    /// For each month an article written here was or will be listed in: how many more articles it lists (-1, 0, +1
    /// per article), and the latest scheduled publication the write puts in it.
    /// </summary>
    private static Dictionary<int, (int Delta, DateTimeOffset? Scheduled)> Changed(CmsDbContext db)
    {
        var months = new Dictionary<int, (int Delta, DateTimeOffset? Scheduled)>();
        foreach (var entry in db.ChangeTracker.Entries<Article>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            DateTimeOffset? before = entry.State == EntityState.Added ? null
                : Listed(entry.Property(a => a.Status).OriginalValue, entry.Property(a => a.PublishedAt).OriginalValue);
            DateTimeOffset? after = entry.State == EntityState.Deleted ? null : Listed(entry.Entity.Status, entry.Entity.PublishedAt);
            if (before is { } was)
            {
                var (delta, scheduled) = months.GetValueOrDefault(ListingMonth.Of(was));
                months[ListingMonth.Of(was)] = (delta - 1, scheduled);
            }
            if (after is { } will)
            {
                var (delta, scheduled) = months.GetValueOrDefault(ListingMonth.Of(will));
                months[ListingMonth.Of(will)] = (delta + 1, will > scheduled || scheduled is null ? will : scheduled);
            }
        }
        return months;

        static DateTimeOffset? Listed(ArticleStatus status, DateTimeOffset? publishedAt) =>
            ArticleVisibility.IsPublishing(status) ? publishedAt : null;
    }

    private static async Task CountAsync(SaveContext save, Dictionary<int, (int Delta, DateTimeOffset? Scheduled)> months, CancellationToken ct)
    {
        var db = save.Db;
        var keys = months.Keys.ToList();
        var rows = await db.ListingMonths.Where(m => keys.Contains(m.Month)).ToDictionaryAsync(m => m.Month, ct);
        foreach (var (month, (delta, scheduled)) in months)
        {
            if (!rows.TryGetValue(month, out var row))
            {
                row = new ListingMonth { Month = month };
                db.ListingMonths.Add(row);
            }
            row.Listed += delta;
            // The month's list changed now, unless a scheduled story in it changes it later.
            var changedAt = scheduled > save.Now ? scheduled.Value : save.Now;
            row.ChangedAt = changedAt > row.ChangedAt ? changedAt : row.ChangedAt;
            if (db.Entry(row).State != EntityState.Added)
            {
                db.Entry(row).Property(m => m.ChangedAt).IsModified = true;
            }
        }
    }
}
