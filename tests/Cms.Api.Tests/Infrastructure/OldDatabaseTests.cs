using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// A database made by the migrations before they were squashed (its history names them) is refused at start, with what
/// to do, and left as it was: migrating it would fail half-way through the new initial migration.
/// </summary>
public abstract class OldDatabaseTests
{
    protected abstract CmsFactory Factory();

    [Fact]
    public async Task A_database_made_by_the_old_migrations_is_refused_at_start_and_left_untouched()
    {
        await using var factory = Factory();

        var refused = await Assert.ThrowsAnyAsync<Exception>(factory.InitializeAsync);

        var message = refused.ToString();
        Assert.Contains("(20261203104814_ArticleRevisions and 1 more)", message);
        Assert.Contains("export site.ndjson", message);
        Assert.Contains("import site.ndjson", message);
        Assert.Equal(["__EFMigrationsHistory"], await ((IOldDatabase)factory).TablesAsync());
    }

    public interface IOldDatabase
    {
        Task<List<string>> TablesAsync();
    }

    /// <summary>The history rows the last two old migrations left.</summary>
    public const string History = """
        CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) NOT NULL PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL);
        INSERT INTO "__EFMigrationsHistory" VALUES ('20261203121056_KeyExpiryAndRotation', '10.0.0'), ('20261203104814_ArticleRevisions', '10.0.0');
        """;
}

public sealed class OldDatabaseTestsOnSqlite : OldDatabaseTests
{
    protected override CmsFactory Factory() => new OldSqlite();

    private sealed class OldSqlite : SqliteCmsFactory, IOldDatabase
    {
        protected override async Task<string> CreateDatabaseAsync()
        {
            var connectionString = await base.CreateDatabaseAsync();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new SqliteCommand(History, connection);
            await command.ExecuteNonQueryAsync();
            return connectionString;
        }

        public async Task<List<string>> TablesAsync()
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", connection);
            var tables = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
            return tables;
        }
    }
}

public sealed class OldDatabaseTestsOnPostgres : OldDatabaseTests
{
    protected override CmsFactory Factory() => new OldPostgres();

    private sealed class OldPostgres : PostgresCmsFactory, IOldDatabase
    {
        protected override async Task<string> CreateDatabaseAsync()
        {
            var connectionString = await base.CreateDatabaseAsync();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(History, connection);
            await command.ExecuteNonQueryAsync();
            return connectionString;
        }

        public async Task<List<string>> TablesAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", connection);
            var tables = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
            return tables;
        }
    }
}
