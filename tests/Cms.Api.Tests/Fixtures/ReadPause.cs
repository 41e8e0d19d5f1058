using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// Holds one request between its read of a row and the rest of its work, so a test can run a competing write in that
/// gap: the race that only the database's version check can catch. <see cref="Interceptor"/> is on every test app's
/// context (see <see cref="CmsFactory"/>); it does nothing until a test arms a pause for a row's id.
/// </summary>
public sealed class ReadPause : IDisposable
{
    private static readonly List<ReadPause> Armed = [];
    private readonly string _id;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static readonly IInterceptor Interceptor = new Pauser();

    /// <summary>Pauses the next query whose parameters name <paramref name="id"/>, once its reader is open.</summary>
    public ReadPause(string id)
    {
        _id = id;
        lock (Armed)
        {
            Armed.Add(this);
        }
    }

    /// <summary>Completes when a request has read the row and is waiting.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public void Dispose()
    {
        Release();
        lock (Armed)
        {
            Armed.Remove(this);
        }
    }

    private static ReadPause? Take(DbCommand command)
    {
        lock (Armed)
        {
            var pause = Armed.FirstOrDefault(p => command.Parameters.Cast<DbParameter>()
                .Any(parameter => string.Equals(parameter.Value?.ToString(), p._id, StringComparison.OrdinalIgnoreCase)));
            if (pause is not null)
            {
                Armed.Remove(pause);
            }
            return pause;
        }
    }

    private sealed class Pauser : DbCommandInterceptor
    {
        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command,
            CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Take(command) is { } pause)
            {
                pause._reached.TrySetResult();
                await pause._released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            return result;
        }
    }
}
