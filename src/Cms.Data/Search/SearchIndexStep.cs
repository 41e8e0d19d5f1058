using Cms.Data.Saving;

namespace Cms.Data.Search;

/// <summary>
/// Save step: what the save must also write to a search index the database does not keep itself (SQLite's FTS5),
/// captured from the tracked changes before the save and written after it, in its transaction.
/// </summary>
public sealed class SearchIndexStep : ISaveStep
{
    public SaveStepRun? Plan(CmsDbContext db) =>
        db.Search.IndexChanges(db) is { } index ? new SaveStepRun(After: (_, ct) => index(ct)) : null;
}
