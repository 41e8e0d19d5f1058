using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Cms.Api.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this replica sends deliveries (every replica may; each delivery is claimed by one).</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for due deliveries, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>How long one attempt may take, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How long a rotated-out secret still signs, in hours.</summary>
    public int SecretGraceHours { get; set; } = 24;

    /// <summary>How long the delivery log keeps a delivery after it ended (delivered, or failed for good), in days.</summary>
    public int KeepDays { get; set; } = 30;

    /// <summary>Allow targets on loopback, private and link-local addresses: for development and tests only.</summary>
    public bool AllowPrivateTargets { get; set; }
}

/// <summary>
/// Sends what the outbox (<see cref="WebhookOutbox"/>) committed. It claims due deliveries with a lease (on PostgreSQL
/// <c>FOR UPDATE SKIP LOCKED</c>, so replicas never take the same one), sends them signed, and records each attempt.
/// Sends run side by side, at most <see cref="MaxInFlight"/>, and the loop claims more as soon as any answers: a
/// target that takes its whole timeout holds up nothing else. A failed attempt is retried on <see cref="Retries"/>
/// with jitter, or after the target's Retry-After on 429 and 503; 410 Gone disables the webhook, and so does a day of
/// failures, with the reason kept. An attempt that was sent but not recorded (the replica died) is sent again with the
/// same webhook-id when its lease runs out: delivery is at least once.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory clients, IOptions<WebhookOptions> options,
    TimeProvider clock, Infrastructure.CmsMetrics metrics, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "webhooks";
    private const int Batch = 32;

    /// <summary>At most this many sends under way at once on a replica.</summary>
    public const int MaxInFlight = 64;

    /// <summary>The waits before each retry: quick at first (a frontend that blipped), then about a day in all.</summary>
    public static readonly TimeSpan[] Retries =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>A webhook whose every attempt has failed for this long is disabled.</summary>
    public static readonly TimeSpan FailingLimit = TimeSpan.FromDays(1);

    /// <summary>Answers not yet recorded: the sends write them, the loop reads them (and wakes up for them).</summary>
    private readonly Channel<(Claimed Claimed, Outcome Outcome)> _answers =
        Channel.CreateUnbounded<(Claimed Claimed, Outcome Outcome)>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            return;
        }
        var inFlight = new List<Task>();
        var nextPrune = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                if (clock.GetUtcNow() >= nextPrune)
                {
                    nextPrune = await TryPruneAsync(stoppingToken);
                }
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

    private const int PruneBatch = 1000;

    /// <summary>
    /// Prunes the log and answers when to do it next: in an hour, sooner while a backlog is left (a first start after
    /// a long time, a very busy log). A failed prune is logged and tried again in an hour: sending never waits on it.
    /// </summary>
    private async Task<DateTimeOffset> TryPruneAsync(CancellationToken ct)
    {
        try
        {
            return clock.GetUtcNow() + (await PruneAsync(ct) ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Pruning the webhook delivery log failed; trying again in an hour");
            return clock.GetUtcNow() + TimeSpan.FromHours(1);
        }
    }

    /// <summary>
    /// Deletes from the log the deliveries that ended more than <see cref="WebhookOptions.KeepDays"/> ago (their attempts
    /// go with them), then the events past that age that no delivery needs any more: at most ten batches of
    /// <see cref="PruneBatch"/> each, so it never holds the database for long. Answers whether it got to the end.
    /// Pending deliveries are never pruned. Every replica may prune; deleting twice deletes nothing.
    /// </summary>
    public async Task<bool> PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.KeepDays);
        for (var batch = 0; batch < 10; batch++)
        {
            var deliveries = await db.WebhookDeliveries.Where(d => d.CompletedAt < cutoff && d.State != DeliveryState.Pending)
                .OrderBy(d => d.CompletedAt).Take(PruneBatch).ExecuteDeleteAsync(ct);
            var events = await db.WebhookEvents.Where(e => e.OccursAt < cutoff && !db.WebhookDeliveries.Any(d => d.EventId == e.Id))
                .OrderBy(e => e.OccursAt).Take(PruneBatch).ExecuteDeleteAsync(ct);
            if (deliveries < PruneBatch && events < PruneBatch)
            {
                return true;
            }
        }
        return false;
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
            d.Body ??= Body(d.Event!, site);
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
        var answers = new List<(Claimed Claimed, Outcome Outcome)>();
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

    private async Task SaveAsync(List<(Claimed Claimed, Outcome Outcome)> answers, CancellationToken ct)
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
            Record(db, delivery, hooks[claimed.Hook.Id], outcome);
            metrics.WebhookAttempt(delivery.State switch
            {
                DeliveryState.Delivered => "delivered",
                DeliveryState.Failed => "failed",
                _ => "retry",
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The body receivers get: the event's type, its time, and its facts with the frontend url and cache tags.</summary>
    public static string Body(WebhookEvent e, SiteLinks site)
    {
        var data = JsonSerializer.Deserialize<WebhookEventData>(e.DataJson, JsonSerializerOptions.Web)!;
        string? url = e.Resource switch
        {
            "article" when data.Slug is not null => site.Article(data.Id, data.Slug, data.PublishedAt),
            "author" when data.Slug is not null => site.Author(data.Id, data.Slug),
            "tag" when data.Slug is not null => site.Tag(data.Id, data.Slug),
            _ => null,
        };
        var cacheTags = new List<string> { $"{e.Resource}:{data.Id}" };
        if (data.Slug is not null)
        {
            cacheTags.Add($"{e.Resource}:{data.Slug}");
        }
        if (data.PreviousSlug is not null)
        {
            cacheTags.Add($"{e.Resource}:{data.PreviousSlug}");
        }
        cacheTags.AddRange(data.Tags.Select(t => $"tag:{t}"));
        cacheTags.AddRange(data.Authors.Select(a => $"author:{a}"));
        if (e.Resource == "article")
        {
            cacheTags.Add("articles");
        }
        return JsonSerializer.Serialize(new
        {
            type = e.Type,
            timestamp = e.OccursAt,
            data = new
            {
                resource = e.Resource, data.Id, data.Slug, data.PreviousSlug, data.Status, url, data.Language, data.Tags, data.Authors,
                cacheTags = cacheTags.Distinct(),
            },
        }, JsonSerializerOptions.Web);
    }

    /// <summary>What one attempt got, and when (<see cref="At"/>: when it ended).</summary>
    private sealed record Outcome(DateTimeOffset At, int? StatusCode, TimeSpan Duration, string? Error, string? Response, TimeSpan? RetryAfter);

    /// <summary>Sends one claimed delivery and queues its answer for <see cref="RecordAsync"/>. Never throws.</summary>
    private async Task SendAsync(Claimed claimed)
    {
        Outcome outcome;
        try
        {
            outcome = await AttemptAsync(claimed.Delivery, claimed.Hook);
        }
        catch (Exception e)
        {
            outcome = new Outcome(clock.GetUtcNow(), null, TimeSpan.Zero, Truncate(e.Message), null, null);
        }
        _answers.Writer.TryWrite((claimed, outcome));
    }

    private async Task<Outcome> AttemptAsync(WebhookDelivery delivery, Webhook hook)
    {
        var now = clock.GetUtcNow();
        var id = delivery.EventId.ToString();
        var signature = new StandardWebhook(hook.Secret).Sign(id, now, delivery.Body);
        if (hook.PreviousSecret is not null && hook.PreviousSecretUntil > now)
        {
            signature += " " + new StandardWebhook(hook.PreviousSecret).Sign(id, now, delivery.Body);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
        {
            Content = new StringContent(delivery.Body!, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        // Not cancelled by shutdown: an attempt under way ends within its timeout and is recorded.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var start = await ReadStartAsync(response, timeout.Token);
            var retryAfter = response.Headers.RetryAfter is { } r ? r.Delta ?? (r.Date - clock.GetUtcNow()) : null;
            return new Outcome(clock.GetUtcNow(), (int)response.StatusCode, watch.Elapsed, null, start, retryAfter);
        }
        catch (OperationCanceledException)
        {
            return new Outcome(clock.GetUtcNow(), null, watch.Elapsed, $"No answer within {options.Value.TimeoutSeconds} s.", null, null);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(clock.GetUtcNow(), null, watch.Elapsed, Truncate(e.InnerException is TargetRefusedException refused ? refused.Message : e.Message), null, null);
        }
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new char[Cms.Data.Infrastructure.Limits.ShortText];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return read == 0 ? null : new string(buffer, 0, read);
    }

    private static void Record(CmsDbContext db, WebhookDelivery delivery, Webhook hook, Outcome outcome)
    {
        var now = outcome.At;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id, WebhookId = hook.Id, At = now, StatusCode = outcome.StatusCode,
            DurationMs = (int)outcome.Duration.TotalMilliseconds, Error = outcome.Error, Response = outcome.Response,
        });
        delivery.Attempts++;
        delivery.LeasedUntil = null;
        if (outcome.StatusCode is >= 200 and < 300)
        {
            delivery.State = DeliveryState.Delivered;
            delivery.CompletedAt = now;
            delivery.NextAttemptAt = null;
            hook.FailingSince = null;
            return;
        }
        if (outcome.StatusCode == StatusCodes.Status410Gone)
        {
            Fail(delivery, now);
            Disable(hook, $"The target answered 410 Gone at {now:u}.");
            return;
        }
        hook.FailingSince ??= now;
        if (now - hook.FailingSince >= FailingLimit)
        {
            Disable(hook, $"Every attempt failed from {hook.FailingSince:u} to {now:u}; the last: {outcome.Error ?? $"status {outcome.StatusCode}"}.");
        }
        if (delivery.Attempts > Retries.Length)
        {
            Fail(delivery, now);
            return;
        }
        var wait = Retries[delivery.Attempts - 1] * (0.9 + Random.Shared.NextDouble() * 0.2);
        if (outcome.StatusCode is 429 or 503 && outcome.RetryAfter > wait)
        {
            wait = outcome.RetryAfter.Value < FailingLimit ? outcome.RetryAfter.Value : FailingLimit;
        }
        delivery.NextAttemptAt = now + wait;
    }

    private static void Fail(WebhookDelivery delivery, DateTimeOffset now)
    {
        delivery.State = DeliveryState.Failed;
        delivery.CompletedAt = now;
        delivery.NextAttemptAt = null;
    }

    private static void Disable(Webhook hook, string reason)
    {
        hook.Enabled = false;
        hook.DisabledReason = Truncate(reason);
    }

    private static string Truncate(string s) => s.Length > Cms.Data.Infrastructure.Limits.ShortText ? s[..Cms.Data.Infrastructure.Limits.ShortText] : s;

    /// <summary>
    /// The handler of outgoing deliveries: no redirects followed, and a connection only to a public address, checked on
    /// the address the name resolves to when connecting (so DNS cannot point a public name at the inside).
    /// </summary>
    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new TargetRefusedException($"Refused: {context.DnsEndPoint.Host} is not on a public address.");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Not loopback, private, link-local, carrier-grade NAT, unspecified or multicast.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
        }
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
    }

    private sealed class TargetRefusedException(string message) : Exception(message);

    public static IServiceCollection AddCmsWebhooks(IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 60, "Webhooks:TimeoutSeconds: from 1 to 60.")
            .Validate(o => o.PollMilliseconds is >= 10 and <= 60_000, "Webhooks:PollMilliseconds: from 10 to 60000.")
            .Validate(o => o.SecretGraceHours is >= 0 and <= 24 * 30, "Webhooks:SecretGraceHours: from 0 to 720.")
            .Validate(o => o.KeepDays is >= 1 and <= 3650, "Webhooks:KeepDays: from 1 to 3650.")
            .ValidateOnStart();
        services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddScoped<FluentValidation.IValidator<WebhookWrite>, WebhookWriteValidator>();
        return services;
    }
}
