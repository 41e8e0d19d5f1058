using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Live;

/// <summary>
/// Save step: on PostgreSQL, announces each live story whose stream this save adds to with <c>pg_notify</c> on
/// <see cref="Channel"/>, inside the save's transaction, so every replica listening hears it exactly when the events are
/// committed, and never for a save rolled back. The payload is the story's id and its newest sequence. On SQLite there is
/// one process, which the API signals itself after the save (<c>LiveStreams</c>).
/// </summary>
public sealed class LiveSignalStep : ISaveStep
{
    public const string Channel = "cms_live";

    public SaveStepRun? Plan(CmsDbContext db) =>
        db.Database.IsNpgsql() && db.ChangeTracker.Entries<LiveEvent>().Any(e => e.State == EntityState.Added)
            ? new SaveStepRun(After: NotifyAsync)
            : null;

    private static async Task NotifyAsync(SaveContext save, CancellationToken ct)
    {
        var newest = save.Db.ChangeTracker.Entries<LiveEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .GroupBy(e => e.ArticleId).Select(g => $"{g.Key:D}:{g.Max(e => e.Sequence)}");
        foreach (var payload in newest)
        {
            await save.Db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
        }
    }
}
