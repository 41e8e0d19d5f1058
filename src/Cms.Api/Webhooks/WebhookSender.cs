using System.Diagnostics;
using System.Text;
using Cms.Data.Webhooks;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Cms.Api.Webhooks;

/// <summary>
/// One attempt: the delivery's body POSTed to the webhook's URL, signed by the Standard Webhooks library (with the
/// rotated-out secret too, during its grace), within the timeout. Never throws: every failure is an outcome.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public async Task<AttemptOutcome> SendAsync(WebhookDelivery delivery, Webhook hook)
    {
        try
        {
            return await AttemptAsync(delivery, hook);
        }
        catch (Exception e)
        {
            return new AttemptOutcome(clock.GetUtcNow(), null, TimeSpan.Zero, DeliveryPolicy.Truncate(e.Message), null, null);
        }
    }

    private async Task<AttemptOutcome> AttemptAsync(WebhookDelivery delivery, Webhook hook)
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
            return new AttemptOutcome(clock.GetUtcNow(), (int)response.StatusCode, watch.Elapsed, null, start, retryAfter);
        }
        catch (OperationCanceledException)
        {
            return new AttemptOutcome(clock.GetUtcNow(), null, watch.Elapsed, $"No answer within {options.Value.TimeoutSeconds} s.", null, null);
        }
        catch (HttpRequestException e)
        {
            var error = e.InnerException is TargetRefusedException refused ? refused.Message : e.Message;
            return new AttemptOutcome(clock.GetUtcNow(), null, watch.Elapsed, DeliveryPolicy.Truncate(error), null, null);
        }
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new char[Cms.Data.Infrastructure.Limits.ShortText];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return read == 0 ? null : new string(buffer, 0, read);
    }
}
