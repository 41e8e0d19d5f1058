using Cms.Data;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

public abstract class MigrationTests(CmsFactory factory)
{
    [Fact]
    public void Every_model_change_is_captured_by_a_migration()
    {
        var provider = Enum.Parse<DatabaseProvider>(factory.Provider);
        var options = new DbContextOptionsBuilder<CmsDbContext>();
        options.UseCmsDatabase(provider, factory.ConnectionString);
        using var db = new CmsDbContext(options.Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration captures: run migrations/add-migration.sh NAME.");
    }

    [Fact]
    public async Task Startup_applied_every_migration()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }
}

public sealed class MigrationTestsOnSqlite(SqliteCmsFactory factory) : MigrationTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class MigrationTestsOnPostgres(PostgresCmsFactory factory) : MigrationTests(factory), IClassFixture<PostgresCmsFactory>
{
    /// <summary>Bodies, revisions, JSON copies and the search vector compress with lz4, not pglz (CmsDbContext.OnModelCreating).</summary>
    [Fact]
    public async Task Every_column_that_grows_large_compresses_with_lz4()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();

        // Unbounded text and tsvector columns of the site's tables, and how each compresses ('l': lz4).
        var columns = await db.Database.SqlQueryRaw<CompressedColumn>("""
            SELECT c.relname AS "Table", a.attname AS "Column", a.attcompression::text AS "Compression"
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND a.atttypid IN ('text'::regtype, 'tsvector'::regtype) AND c.relname <> '__EFMigrationsHistory'
            """).ToListAsync();

        Assert.Contains(columns, c => c is { Table: "Articles", Column: "Body" });
        Assert.Contains(columns, c => c is { Table: "Articles", Column: "SearchVector" });
        Assert.Contains(columns, c => c is { Table: "ArticleRevisions", Column: "DocumentJson" });
        Assert.Empty(columns.Where(c => c.Compression != "l").Select(c => $"{c.Table}.{c.Column}"));
    }

    private sealed record CompressedColumn(string Table, string Column, string Compression);
}
