using Cms.Data;
using Cms.Data.Infrastructure;
using Cms.Data.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public bool MigrateOnStartup { get; set; } = true;
    public bool SeedDemoContent { get; set; } = true;

    /// <summary>
    /// How long one statement may run before it is cancelled. Reads are not cancelled when their client goes
    /// away (see DeliverySetup.UseCmsCaching): this is what bounds them.
    /// </summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// PostgreSQL connections per replica when the connection string does not say (Maximum Pool Size): PostgreSQL
    /// does the most with a few busy connections per core of its own, and Npgsql's default of 100 lets a load
    /// spike open far more, which then only switch between each other. Default: four per core of this machine.
    /// </summary>
    public int? PoolSize { get; set; }
}

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/cms.db";

    public static IServiceCollection AddCmsDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        // Resolved when first needed, so configuration added late (tests, hosting) is honoured.
        services.AddSingleton(sp => ConnectionString(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddCmsSaveSteps();
        services.AddSingleton<ChangeLogInterceptor>();
        // Pooled: a request takes a ready context instead of building one and its services (measured
        // on the cold article read, see docs/performance.md). The context keeps no state of its own
        // between requests; what its constructor sets is restored when it goes back to the pool.
        services.AddDbContextPool<CmsDbContext>((sp, db) => db
            .UseCmsDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider,
                sp.GetRequiredService<CmsConnectionString>().Value,
                sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.CommandTimeoutSeconds)
            .AddInterceptors(sp.GetRequiredService<ChangeLogInterceptor>())
            // EF Core's check that a context is not used by two threads at once sets an AsyncLocal on
            // every row read: about a tenth of a cold list's allocations (dotnet-trace). A context here
            // serves one request and is never awaited twice at once; the tests and development keep the
            // check, so a mistake shows up there.
            .EnableThreadSafetyChecks(!sp.GetRequiredService<IHostEnvironment>().IsProduction()));
        services.AddHealthChecks().AddDbContextCheck<CmsDbContext>(tags: ["ready"]);
        return services;
    }

    private static CmsConnectionString ConnectionString(IConfiguration configuration, IHostEnvironment environment,
        DatabaseOptions options)
    {
        var connectionString = configuration.GetConnectionString("Cms");
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            return new(SqliteUnderContentRoot(connectionString ?? DefaultSqlite, environment.ContentRootPath));
        }
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("Database__Provider is Postgres but ConnectionStrings__Cms is not set.")
            : new(WithConnectionDefaults(connectionString, options.PoolSize ?? 4 * Environment.ProcessorCount));
    }

    /// <summary>
    /// The API sends the same few statements all day: unless the connection string says otherwise,
    /// Npgsql prepares the most used ones, so PostgreSQL plans them once per connection, not per request.
    /// And it leaves no session state on a connection (no SET, temporary tables, LISTEN or session
    /// locks; its advisory locks end with their transaction), so a connection going back to the pool
    /// is not reset: the reset is six statements PostgreSQL would run before every request's own.
    /// </summary>
    public const int ConnectTimeoutSeconds = 5;

    internal static string WithConnectionDefaults(string connectionString, int poolSize)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Replace(" ", "").Contains("PoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = poolSize;
        }
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        // A server that does not answer (a failover, a dropped network) is given up on after 5 s, not Npgsql's 15:
        // the request answers 503 with Retry-After. The same bound holds for a request waiting for a pooled connection.
        if (!System.Text.RegularExpressions.Regex.IsMatch(connectionString, @"(^|;)\s*Timeout\s*=",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            builder.Timeout = ConnectTimeoutSeconds;
        }
        return builder.ConnectionString;
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

/// <summary>The resolved connection string of the configured provider.</summary>
public sealed record CmsConnectionString(string Value);
