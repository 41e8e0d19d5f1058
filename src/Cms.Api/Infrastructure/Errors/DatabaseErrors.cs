using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cms.Api.Infrastructure;

/// <summary>What a provider's exception means, in the same words for SQLite and PostgreSQL.</summary>
public static class DatabaseErrors
{
    public static bool IsUniqueViolation(DbUpdateException exception, out bool isSlug)
    {
        (var unique, isSlug) = exception.InnerException switch
        {
            PostgresException pg => (pg.SqlState == PostgresErrorCodes.UniqueViolation,
                pg.ConstraintName?.EndsWith("_Slug", StringComparison.Ordinal) == true),
            SqliteException { SqliteErrorCode: 19 } lite => (lite.Message.Contains("UNIQUE", StringComparison.Ordinal),
                lite.Message.Contains(".Slug", StringComparison.Ordinal)),
            _ => (false, false),
        };
        return unique;
    }

    public static bool IsForeignKeyViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException { SqliteErrorCode: 19 } lite => lite.Message.Contains("FOREIGN KEY", StringComparison.Ordinal),
        _ => false,
    };

    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || pg.SqlState == PostgresErrorCodes.TooManyConnections:
                case NpgsqlException and not PostgresException:
                case SqliteException { SqliteErrorCode: 5 or 6 or 14 }: // busy, locked, cannot open
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
