using Cms.Data;
using Cms.Data.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Webhooks;

/// <summary>
/// Keeps the delivery log to <see cref="WebhookOptions.KeepDays"/>: deletes the deliveries that ended longer ago (their
/// attempts go with them), then the events past that age that no delivery needs any more. Pending deliveries are never
/// pruned. Every replica that dispatches prunes, at start and then hourly (every minute while a backlog is left); a
/// failed prune is logged and tried again in an hour, apart from the sending. Deleting twice deletes nothing.
/// </summary>
public sealed class WebhookLogPruning(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookLogPruning> logger) : BackgroundService
{
    private const int Batch = 1000;

    /// <summary>At most ten batches of <see cref="Batch"/> each, so it never holds the database for long. Answers whether it got to the end.</summary>
    public async Task<bool> PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.KeepDays);
        for (var batch = 0; batch < 10; batch++)
        {
            var deliveries = await db.WebhookDeliveries.Where(d => d.CompletedAt < cutoff && d.State != DeliveryState.Pending)
                .OrderBy(d => d.CompletedAt).Take(Batch).ExecuteDeleteAsync(ct);
            var events = await db.WebhookEvents.Where(e => e.OccursAt < cutoff && !db.WebhookDeliveries.Any(d => d.EventId == e.Id))
                .OrderBy(e => e.OccursAt).Take(Batch).ExecuteDeleteAsync(ct);
            if (deliveries < Batch && events < Batch)
            {
                return true;
            }
        }
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        try
        {
            do
            {
                try
                {
                    timer.Period = await PruneAsync(stoppingToken) ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Pruning the webhook delivery log failed; trying again in an hour");
                    timer.Period = TimeSpan.FromHours(1);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
