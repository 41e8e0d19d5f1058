using Cms.Data.Saving;

namespace Cms.Data.Search;

/// <summary>
/// Save step: what the save must also write to the search index besides the article's own columns (SQLite's FTS5
/// rows, PostgreSQL's words for completions), captured from the tracked changes before the save and written after it,
/// in its transaction.
/// </summary>
public sealed class SearchIndexStep : ISaveStep
{
    public SaveStepRun? Plan(CmsDbContext db) =>
        db.Search.IndexChanges(db) is { } index ? new SaveStepRun(After: (_, ct) => index(ct)) : null;
}
