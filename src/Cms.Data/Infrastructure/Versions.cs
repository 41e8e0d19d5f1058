using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Infrastructure;

/// <summary>Versions and the time of a write, as every save stamps them (<see cref="VersionStamp"/>).</summary>
public static class Versions
{
    /// <summary>The name sync uses for a resource: article, author, tag.</summary>
    public static string ResourceName(IVersioned entity) => ResourceName(entity.GetType());

    /// <inheritdoc cref="ResourceName(IVersioned)"/>
    public static string ResourceName(Type type) => type.Name.ToLowerInvariant();

    /// <summary>PostgreSQL keeps microseconds; truncating here keeps responses equal to later reads.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>
    /// The resources this save adds with their version already set: brought with their history by an import
    /// (<c>import</c> on the command line), they keep their version and times, and get no revision of this save (the
    /// change log still records them, for sync). Anything else that adds one leaves the version 0.
    /// </summary>
    public static HashSet<object> Imported(DbContext context) =>
        context.ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Added && e.Entity.Version > 0)
            .Select(e => (object)e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Rows that embed something that changed (an article its authors' names or its lead image, an author its avatar's
    /// variants) show a new representation without being saved themselves: their versions move on, so old ETags stop
    /// answering 304, and change-log entries let sync pass them on. The entries are saved by the caller's SaveChanges,
    /// in the same transaction.
    /// </summary>
    public static async Task BumpAsync<T>(CmsDbContext db, IQueryable<T> rows, CancellationToken ct) where T : class, IVersioned =>
        await BumpAsync<T>(db, await rows.Select(r => r.Id).ToListAsync(ct), ct);

    /// <inheritdoc cref="BumpAsync{T}(CmsDbContext, IQueryable{T}, CancellationToken)"/>
    public static async Task BumpAsync<T>(CmsDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct) where T : class, IVersioned
    {
        if (ids.Count == 0)
        {
            return;
        }
        db.Changes.AddRange(ids.Select(id => new Change { Resource = ResourceName(typeof(T)), ResourceId = id }));
        await db.Set<T>().Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1), ct);
    }
}
