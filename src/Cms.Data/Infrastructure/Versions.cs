using Cms.Data.Sync;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Infrastructure;

/// <summary>
/// Rows that embed something that changed (an article its authors' names or its lead image, an author its avatar's
/// variants) show a new representation without being saved themselves: their versions move on, so old ETags stop
/// answering 304, and change-log entries let sync pass them on. The entries are saved by the caller's SaveChanges,
/// in the same transaction.
/// </summary>
public static class Versions
{
    public static async Task BumpAsync<T>(CmsDbContext db, IQueryable<T> rows, CancellationToken ct) where T : class, IVersioned
    {
        var ids = await rows.Select(r => r.Id).ToListAsync(ct);
        db.Changes.AddRange(ids.Select(id => new Change { Resource = VersioningInterceptor.ResourceName(typeof(T)), ResourceId = id }));
        await rows.ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1), ct);
    }
}
