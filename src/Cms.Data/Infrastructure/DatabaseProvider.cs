using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviderExtensions
{
    /// <summary>
    /// Points the context at one provider and at that provider's migrations project. The only place
    /// that knows which assembly holds which provider's migrations.
    /// </summary>
    public static DbContextOptionsBuilder UseCmsDatabase(
        this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, int? commandTimeoutSeconds = null) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString,
                o => o.MigrationsAssembly("Cms.Migrations.Sqlite").CommandTimeout(commandTimeoutSeconds)),
            DatabaseProvider.Postgres => options.UseNpgsql(connectionString,
                o => o.MigrationsAssembly("Cms.Migrations.Postgres").CommandTimeout(commandTimeoutSeconds)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
}
