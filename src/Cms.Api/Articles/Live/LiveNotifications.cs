using Cms.Api.Infrastructure;
using Cms.Data.Infrastructure;
using Cms.Data.Live;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cms.Api.Articles.Live;

/// <summary>
/// On PostgreSQL, every replica listens on <see cref="LiveSignalStep.Channel"/>: a save that adds to a live story's stream
/// notifies at its commit (<see cref="LiveSignalStep"/>), and this wakes the story's readers here. One connection per
/// replica, kept open; when it drops, it reconnects and every story with readers looks again, so nothing is missed
/// (the readers' ping also wakes their story). On SQLite there is one process, which the writes signal themselves.
/// </summary>
public sealed class LiveNotifications(LiveStreams streams, CmsConnectionString connection, IOptions<DatabaseOptions> database,
    ILogger<LiveNotifications> log, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.Value)
                {
                    // Its own connection, outside the pool, that stays open.
                    Pooling = false, KeepAlive = 30,
                }.ConnectionString);
                listener.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload.AsSpan(0, Math.Min(36, e.Payload.Length)), out var article))
                    {
                        streams.Signal(article);
                    }
                };
                await listener.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {LiveSignalStep.Channel}", listener))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                streams.SignalAll(); // whatever was committed while not listening
                while (true)
                {
                    await listener.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Listening for live updates failed; listening again in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
