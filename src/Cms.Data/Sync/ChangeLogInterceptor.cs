using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Data.Sync;

/// <summary>
/// On PostgreSQL every write transaction first takes one advisory lock, held to its commit: changes
/// get their sequence numbers in commit order, so a sync reader that has seen sequence N will never
/// later find an N-1 that committed after it read. (SQLite has a single writer already.)
/// </summary>
public sealed class ChangeLogInterceptor : DbTransactionInterceptor
{
    private const long LockKey = 0x436D734368616E67; // "CmsChang"

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection,
        TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.IsNpgsql() == true)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = result;
            command.CommandText = $"SELECT pg_advisory_xact_lock({LockKey})";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData,
        DbTransaction result)
    {
        if (eventData.Context?.Database.IsNpgsql() == true)
        {
            using var command = connection.CreateCommand();
            command.Transaction = result;
            command.CommandText = $"SELECT pg_advisory_xact_lock({LockKey})";
            command.ExecuteNonQuery();
        }
        return result;
    }
}
