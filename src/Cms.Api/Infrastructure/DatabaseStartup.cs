using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>What startup does to the database before serving: migrate (refusing a history it does not know) and fill.</summary>
public static class DatabaseStartup
{
    /// <summary>How long one statement of a migration may take.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Applies pending migrations, unless Database:MigrateOnStartup is false.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>().Database;
            // A migration may read every article (a backfill), which a request's 30 s timeout would cut off and roll back.
            db.SetCommandTimeout(MigrationTimeout);
            var known = db.GetMigrations().ToHashSet();
            var unknown = (await db.GetAppliedMigrationsAsync()).Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException(UnknownMigrations(unknown));
            }
            await db.MigrateAsync();
        }
    }

    /// <summary>
    /// Why a database whose history names migrations this build lacks is left alone: it was made before the migrations
    /// were squashed into one (2026-12-07), or by a newer build. Migrating an older one would fail half-way through the
    /// new initial migration; a newer one has a schema this build does not know.
    /// </summary>
    public static string UnknownMigrations(IReadOnlyList<string> unknown) =>
        $"This database was made by migrations this version of Cms does not have ({unknown[0]}"
        + (unknown.Count > 1 ? $" and {unknown.Count - 1} more" : "") + "), so it is left untouched. "
        + "If it was made before Cms's migrations were squashed into one (2026-12-07), move its content with the "
        + "version that made it: 'dotnet run --project src/Cms.Api -v q -- export site.ndjson', then into a new database "
        + "with this one: '-- import site.ndjson' (docs/operations.md, \"Upgrading a database made before the squash\"). "
        + "If a newer version of Cms made it, run that version.";

    /// <summary>Migrates, and fills what a migration cannot.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.MigrateDatabaseAsync();
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        // SQLite's search index is stemmed in .NET, so a migration cannot fill it: startup does.
        if (options.MigrateOnStartup && await db.EnsureSearchIndexAsync() is > 0 and var indexed)
        {
            app.Logger.LogInformation("Search index rebuilt: {Count} articles", indexed);
        }
    }
}
