using Cms.Data;
using Cms.Data.Webhooks;

namespace Cms.Api.Webhooks;

/// <summary>What an attempt's outcome does to its delivery and its webhook: delivered, retried later, or failed for good.</summary>
public static class DeliveryPolicy
{
    /// <summary>The waits before each retry: quick at first (a frontend that blipped), then about a day in all.</summary>
    public static readonly TimeSpan[] Retries =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>A webhook whose every attempt has failed for this long is disabled.</summary>
    public static readonly TimeSpan FailingLimit = TimeSpan.FromDays(1);

    /// <summary>
    /// Adds the attempt to <paramref name="db"/> and moves the delivery on: a 2xx delivers it; 410 Gone fails it and
    /// disables the webhook; anything else retries it on <see cref="Retries"/> with jitter (or after the target's
    /// Retry-After on 429 and 503), until they run out, and a day of failures disables the webhook.
    /// </summary>
    public static void Record(CmsDbContext db, WebhookDelivery delivery, Webhook hook, AttemptOutcome outcome)
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

    public static string Truncate(string s) =>
        s.Length > Cms.Data.Infrastructure.Limits.ShortText ? s[..Cms.Data.Infrastructure.Limits.ShortText] : s;

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
}

/// <summary>What one attempt got, and when (<see cref="At"/>: when it ended).</summary>
public sealed record AttemptOutcome(DateTimeOffset At, int? StatusCode, TimeSpan Duration, string? Error, string? Response, TimeSpan? RetryAfter);
