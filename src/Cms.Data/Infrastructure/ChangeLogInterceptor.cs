using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Data.Infrastructure;

/// <summary>
/// On PostgreSQL every write transaction that may write the change log first takes one advisory lock, held to its
/// commit: changes get their sequence numbers in commit order, so a sync reader that has seen sequence N will never
/// later find an N-1 that committed after it read. (SQLite has a single writer already.) A transaction opened by a
/// save that writes neither synced resources nor change rows (the webhook dispatcher's records, keys, settings) does
/// not wait for it; one opened before anything is tracked may write anything later, and takes it.
/// </summary>
public sealed class ChangeLogInterceptor : DbTransactionInterceptor
{
    public const long LockKey = 0x436D734368616E67; // "CmsChang"

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection,
        TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.IsNpgsql() && MayWriteChanges(context))
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
        if (eventData.Context is { } context && context.Database.IsNpgsql() && MayWriteChanges(context))
        {
            using var command = connection.CreateCommand();
            command.Transaction = result;
            command.CommandText = $"SELECT pg_advisory_xact_lock({LockKey})";
            command.ExecuteNonQuery();
        }
        return result;
    }

    /// <summary>
    /// Whether the transaction starting may write the change log: unless the save that opens it has changes and none
    /// is a synced resource or a change row (a save of a synced resource has it pending when
    /// <see cref="Saving.SavePipeline"/> opens its transaction).
    /// </summary>
    public static bool MayWriteChanges(DbContext context)
    {
        var pending = context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        return pending.Count == 0 || pending.Any(e => e.Entity is ISynced or Change);
    }
}
