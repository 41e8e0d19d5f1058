using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Collections;

/// <summary>
/// What readers see change when a collection is written. A collection's read shows stories, so it is cached with the
/// lists, which every change of a visible story makes stale already; an edit of a collection makes the lists stale in
/// turn (collections are edited far less often than stories). An arrangement still to come, before or after the write,
/// changes when readers see the next change: everything is stale then (<see cref="IUpcomingReaderChange"/>).
/// </summary>
public sealed class CollectionReaderChanges : IReaderChangeRule
{
    public IReadOnlyCollection<Type> Entities { get; } = [typeof(Collection), typeof(CollectionArrangement)];

    public IEnumerable<string> Scopes(EntityEntry entry, DateTimeOffset now)
    {
        if (entry.Entity is CollectionArrangement)
        {
            var property = entry.Property(nameof(CollectionArrangement.EffectiveAt));
            var before = entry.State == EntityState.Added ? (DateTimeOffset?)null : (DateTimeOffset)property.OriginalValue!;
            var after = entry.State == EntityState.Deleted ? (DateTimeOffset?)null : (DateTimeOffset)property.CurrentValue!;
            if (before > now || after > now)
            {
                return [ReaderScopes.Everything];
            }
        }
        return [ReaderScopes.Lists];
    }
}

/// <summary>The next scheduled arrangement's minute: readers see it take effect with no write to announce it.</summary>
public sealed class ScheduledArrangements : IUpcomingReaderChange
{
    public Task<DateTimeOffset?> NextAsync(CmsDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.Set<CollectionArrangement>().Where(a => a.EffectiveAt > now).MinAsync(a => (DateTimeOffset?)a.EffectiveAt, ct);
}
