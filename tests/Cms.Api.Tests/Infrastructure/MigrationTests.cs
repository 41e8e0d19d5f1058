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

public sealed class MigrationTestsOnPostgres(PostgresCmsFactory factory) : MigrationTests(factory), IClassFixture<PostgresCmsFactory>;
