using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Webhooks;

/// <summary>
/// Sends what the outbox (<see cref="WebhookOutbox"/>) committed. It claims due deliveries with a lease (on PostgreSQL
/// <c>FOR UPDATE SKIP LOCKED</c>, so replicas never take the same one), sends them signed, and records each attempt.
/// Sends run side by side, at most <see cref="MaxInFlight"/>, and the loop claims more as soon as any answers: a
/// target that takes its whole timeout holds up nothing else. What an answer does to the delivery is
/// <see cref="DeliveryPolicy"/>'s; the send is <see cref="WebhookSender"/>'s. An attempt that was sent but not recorded (the replica died) is sent again with the
/// same webhook-id when its lease runs out: delivery is at least once.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSender sender,
    IOptions<WebhookOptions> options, TimeProvider clock, Infrastructure.CmsMetrics metrics, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private const int Batch = 32;

    /// <summary>At most this many sends under way at once on a replica.</summary>
    public const int MaxInFlight = 64;

    /// <summary>Answers not yet recorded: the sends write them, the loop reads them (and wakes up for them).</summary>
    private readonly Channel<(Claimed Claimed, AttemptOutcome Outcome)> _answers =
        Channel.CreateUnbounded<(Claimed Claimed, AttemptOutcome Outcome)>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            return;
        }
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                busy = await RecordAsync(CancellationToken.None) > 0;
                var claimed = await ClaimAsync(Math.Min(Batch, MaxInFlight - inFlight.Count), stoppingToken);
                inFlight.AddRange(claimed.Select(SendAsync));
                busy |= claimed.Count > 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Webhook dispatch failed; trying again");
            }
            if (!busy)
            {
                // Until an answer comes in or the poll interval ends.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                idle.CancelAfter(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds));
                try
                {
                    await _answers.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The poll interval ended.
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        // Stopping: the sends under way end within their timeout and are recorded, so none is sent twice needlessly.
        await Task.WhenAll(inFlight);
        await RecordAsync(CancellationToken.None);
    }

    /// <summary>One pass for tests: claims the due deliveries, sends them, records the outcomes. Returns how many it sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(Batch, ct);
        await Task.WhenAll(claimed.Select(SendAsync));
        await RecordAsync(ct);
        return claimed.Count;
    }

    /// <summary>A delivery this replica holds the lease of, with its webhook as it was when claimed.</summary>
    private sealed record Claimed(WebhookDelivery Delivery, Webhook Hook, bool FirstBody);

    /// <summary>
    /// The due deliveries of enabled webhooks, at most <paramref name="limit"/>, leased to this replica for the timeout
    /// and 30 s more: one statement, which on PostgreSQL skips rows another replica is claiming (SQLite has one writer).
    /// SQLite stores times as UTC ticks (CmsDbContext's converter), which raw SQL must pass itself.
    /// </summary>
    private async Task<List<Claimed>> ClaimAsync(int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow();
        var until = now + TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 30);
        var postgres = db.Database.IsNpgsql();
        var sql = $$"""
            UPDATE "WebhookDeliveries" SET "LeasedUntil" = {0}
            WHERE "Id" IN (
                SELECT d."Id" FROM "WebhookDeliveries" d JOIN "Webhooks" w ON w."Id" = d."WebhookId"
                WHERE d."State" = 'Pending' AND d."NextAttemptAt" <= {1} AND (d."LeasedUntil" IS NULL OR d."LeasedUntil" < {1})
                  AND w."Enabled"
                ORDER BY d."NextAttemptAt" LIMIT {2}
                {{(postgres ? "FOR UPDATE OF d SKIP LOCKED" : "")}})
            RETURNING "Id" AS "Value"
            """;
        var ids = await db.Database.SqlQuery<Guid>(postgres
                ? FormattableStringFactory.Create(sql, until, now, limit)
                : FormattableStringFactory.Create(sql, until.UtcTicks, now.UtcTicks, limit))
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return [];
        }
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event).Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var hookIds = deliveries.Select(d => d.WebhookId).Distinct().ToList();
        var hooks = await db.Webhooks.AsNoTracking().Where(w => hookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        var site = scope.ServiceProvider.GetRequiredService<SiteLinks>();
        return deliveries.Where(d => hooks.ContainsKey(d.WebhookId)).Select(d =>
        {
            var first = d.Body is null;
            d.Body ??= WebhookPayload.Body(d.Event!, site);
            d.Event = null;
            return new Claimed(d, hooks[d.WebhookId], first);
        }).ToList();
    }

    /// <summary>
    /// Records the answers that have come in, in one save: each attempt, the delivery's new state, and the webhooks'
    /// health. If that save conflicts (a webhook was edited or deleted meanwhile), each answer is saved on its own; one
    /// that still cannot be stays leased and is sent again when the lease runs out.
    /// </summary>
    private async Task<int> RecordAsync(CancellationToken ct)
    {
        var answers = new List<(Claimed Claimed, AttemptOutcome Outcome)>();
        while (answers.Count < 256 && _answers.Reader.TryRead(out var answer))
        {
            answers.Add(answer);
        }
        if (answers.Count == 0)
        {
            return 0;
        }
        try
        {
            await SaveAsync(answers, ct);
        }
        catch (DbUpdateConcurrencyException) when (answers.Count > 1)
        {
            foreach (var answer in answers)
            {
                try
                {
                    await SaveAsync([answer], ct);
                }
                catch (DbUpdateConcurrencyException e)
                {
                    logger.LogWarning(e, "Webhook delivery {Delivery} not recorded; it is sent again when its lease ends", answer.Claimed.Delivery.Id);
                }
            }
        }
        return answers.Count;
    }

    private async Task SaveAsync(List<(Claimed Claimed, AttemptOutcome Outcome)> answers, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var hookIds = answers.Select(a => a.Claimed.Hook.Id).Distinct().ToList();
        var hooks = await db.Webhooks.Where(w => hookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        // A webhook deleted meanwhile took its deliveries with it: nothing to record.
        foreach (var (claimed, outcome) in answers.Where(a => hooks.ContainsKey(a.Claimed.Hook.Id)))
        {
            // A copy: if this save fails, the next one starts from the delivery as claimed.
            var delivery = claimed.Delivery.Copy();
            db.Attach(delivery);
            db.Entry(delivery).Property(d => d.Body).IsModified = claimed.FirstBody;
            DeliveryPolicy.Record(db, delivery, hooks[claimed.Hook.Id], outcome);
            metrics.WebhookAttempt(delivery.State switch
            {
                DeliveryState.Delivered => "delivered",
                DeliveryState.Failed => "failed",
                _ => "retry",
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sends one claimed delivery and queues its answer for <see cref="RecordAsync"/>. Never throws.</summary>
    private async Task SendAsync(Claimed claimed) =>
        _answers.Writer.TryWrite((claimed, await sender.SendAsync(claimed.Delivery, claimed.Hook)));
}
