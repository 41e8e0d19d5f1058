using Cms.Data;
using Cms.Data.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Infrastructure;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public bool MigrateOnStartup { get; set; } = true;
    public bool SeedDemoContent { get; set; } = true;
}

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/cms.db";

    public static IServiceCollection AddCmsDatabase(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        var connectionString = configuration.GetConnectionString("Cms");
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            connectionString = SqliteUnderContentRoot(connectionString ?? DefaultSqlite, environment.ContentRootPath);
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Database__Provider is Postgres but ConnectionStrings__Cms is not set.");
        }

        services.AddSingleton(options);
        services.AddSingleton<VersioningInterceptor>();
        services.AddDbContext<CmsDbContext>((sp, db) => db
            .UseCmsDatabase(options.Provider, connectionString)
            .AddInterceptors(sp.GetRequiredService<VersioningInterceptor>()));
        services.AddHealthChecks().AddDbContextCheck<CmsDbContext>(tags: ["ready"]);
        return services;
    }

    /// <summary>Applies migrations and loads the demo content, as configured, before serving.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync();
        }
        if (options.SeedDemoContent)
        {
            await DemoContent.SeedIfEmptyAsync(db, app.Logger);
        }
    }

    /// <summary>A relative SQLite file lives under the content root, and its folder is created.</summary>
    private static string SqliteUnderContentRoot(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(file, contentRoot);
            if (builder.Mode != SqliteOpenMode.ReadWrite && builder.Mode != SqliteOpenMode.ReadOnly)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            }
            builder.DataSource = path;
        }
        return builder.ToString();
    }
}
