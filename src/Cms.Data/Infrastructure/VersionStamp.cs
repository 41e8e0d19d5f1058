using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Infrastructure;

/// <summary>
/// Save step: stamps versions and times in one place, so no handler can forget to, with the time of the write; adds a
/// change-log row (sync) for every synced resource written; and stamps the rows earlier steps added (retired slugs, the
/// change rows of articles whose copies changed) and handlers added (<see cref="Versions.BumpAsync"/>).
/// </summary>
public sealed class VersionStamp : ISaveStep
{
    // Any save: rows earlier steps add (a change row of an article whose copy changed) are stamped here too.
    public SaveStepRun? Plan(CmsDbContext db) => db.ChangeTracker.HasChanges() ? new SaveStepRun(Before: Stamp) : null;

    private static Task Stamp(SaveContext save, CancellationToken ct)
    {
        var (context, now) = (save.Db, save.Now);
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>().ToList())
        {
            if (entry.Entity is ISynced && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                context.Add(new Change { Resource = Versions.ResourceName(entry.Entity), ResourceId = entry.Entity.Id, At = now });
            }
            switch (entry.State)
            {
                case EntityState.Added when save.Imported.Contains(entry.Entity):
                    break;
                case EntityState.Added:
                    entry.Entity.Version = 1;
                    entry.Entity.CreatedAt = now;
                    entry.Entity.UpdatedAt = now;
                    break;
                case EntityState.Modified:
                    entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
                    entry.Entity.UpdatedAt = now;
                    break;
            }
        }
        foreach (var change in context.ChangeTracker.Entries<Change>().Where(c => c.State == EntityState.Added))
        {
            change.Entity.At = now;
        }
        foreach (var retired in context.ChangeTracker.Entries<RetiredSlug>().Where(r => r.State == EntityState.Added && r.Entity.RetiredAt == default))
        {
            retired.Entity.RetiredAt = now;
        }
        return Task.CompletedTask;
    }
}
