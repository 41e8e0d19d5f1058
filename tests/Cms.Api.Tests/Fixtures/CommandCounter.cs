using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// Counts the SQL commands EF Core runs against one database (tests run in parallel, each class on
/// its own database, so the connection string tells whose commands they are). The commands come from
/// <see cref="Interceptor"/>, which every test app's context carries (see <see cref="CmsFactory"/>):
/// a pooled context decides once whether anyone listens to its diagnostics, before a test subscribes.
/// </summary>
public sealed class CommandCounter : IDisposable
{
    private static readonly List<CommandCounter> Active = [];
    private readonly string _database;
    private readonly List<string> _commands = [];

    /// <summary>Reports every command a context executes to the counters then open.</summary>
    public static readonly IInterceptor Interceptor = new Reporter();

    public CommandCounter(string connectionString)
    {
        _database = Key(connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString));
        lock (Active)
        {
            Active.Add(this);
        }
    }

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return _commands.ToList();
            }
        }
    }

    private static void Record(DbCommand command)
    {
        var database = Key(command.Connection);
        List<CommandCounter> counters;
        lock (Active)
        {
            counters = Active.Where(c => c._database == database).ToList();
        }
        foreach (var counter in counters)
        {
            lock (counter._commands)
            {
                counter._commands.Add(command.CommandText);
            }
        }
    }

    /// <summary>Which database a connection reaches (the app may add settings to the connection string).</summary>
    private static string Key(DbConnection? connection) =>
        connection is null ? "" : $"{connection.DataSource}/{connection.Database}";

    public void Dispose()
    {
        lock (Active)
        {
            Active.Remove(this);
        }
    }

    private sealed class Reporter : DbCommandInterceptor
    {
        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            object? result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }
    }
}
