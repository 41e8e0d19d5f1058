using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Saving;

/// <summary>
/// One thing a save does besides writing its changes. The steps are registered in order in one place,
/// <see cref="SaveSteps.AddCmsSaveSteps"/>, and each lives with its feature.
/// </summary>
public interface ISaveStep
{
    /// <summary>
    /// What this step has to do for the changes tracked now, judged before any step runs (so before any step adds to the
    /// save); null when nothing.
    /// </summary>
    SaveStepRun? Plan(CmsDbContext db);
}

/// <summary>
/// A step's work for one save, in its transaction: <see cref="Before"/> runs before the changes go to the database (it
/// may read, under the change log's lock, and add to the save), <see cref="After"/> once they are there, before the commit.
/// </summary>
public sealed record SaveStepRun(
    Func<SaveContext, CancellationToken, Task>? Before = null,
    Func<SaveContext, CancellationToken, Task>? After = null);

/// <summary>The save under way: its context, its one time, and what it brings with its versions already set (an import).</summary>
public sealed record SaveContext(CmsDbContext Db, DateTimeOffset Now, IReadOnlySet<object> Imported);

/// <summary>
/// Runs a save: plans every step on the tracked changes, opens the transaction (unless the caller has one), runs each
/// step's <see cref="SaveStepRun.Before"/> in order, writes the changes, runs each <see cref="SaveStepRun.After"/> in
/// order, and commits. So none of it is ever half done. <see cref="CmsDbContext.SaveChangesAsync(bool, CancellationToken)"/>
/// calls it; a synchronous save with anything to plan is refused.
/// </summary>
public sealed class SavePipeline(IEnumerable<ISaveStep> steps, TimeProvider clock)
{
    public IReadOnlyList<ISaveStep> Steps { get; } = steps.ToList();

    public List<SaveStepRun> Plan(CmsDbContext db) => Steps.Select(s => s.Plan(db)).OfType<SaveStepRun>().ToList();

    public async Task<int> SaveAsync(CmsDbContext db, bool acceptAllChangesOnSuccess,
        Func<bool, CancellationToken, Task<int>> write, CancellationToken ct)
    {
        // EF Core detects changes over everything tracked at each ChangeTracker.Entries(), and the steps ask dozens of
        // times (a save of an import's batch of 200 stories spent a fifth of its time there). So the pipeline detects
        // instead: everything before planning and at the write, and before each step the entities still unchanged, so
        // one that a step before changed is seen changed by the next. What a step sets on an added or modified entity
        // the write detects.
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var runs = Plan(db);
            if (runs.Count == 0)
            {
                tracker.AutoDetectChangesEnabled = detecting;
                return await write(acceptAllChangesOnSuccess, ct);
            }
            var save = new SaveContext(db, Versions.Now(clock), Versions.Imported(db));
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            foreach (var run in runs.Where(r => r.Before is not null))
            {
                foreach (var entry in tracker.Entries().Where(e => e.State == EntityState.Unchanged).ToList())
                {
                    entry.DetectChanges();
                }
                await run.Before!(save, ct);
            }
            tracker.AutoDetectChangesEnabled = detecting;
            var saved = await write(false, ct);
            // The After steps see the save as written (nothing they change on a tracked entity would be written).
            tracker.AutoDetectChangesEnabled = false;
            foreach (var run in runs.Where(r => r.After is not null))
            {
                await run.After!(save, ct);
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
            if (acceptAllChangesOnSuccess)
            {
                tracker.AcceptAllChanges();
            }
            return saved;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
