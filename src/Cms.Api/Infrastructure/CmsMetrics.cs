using System.Diagnostics.Metrics;

namespace Cms.Api.Infrastructure;

/// <summary>Cms's own instruments, on the meter <c>Cms</c>: the output cache, webhook deliveries, image work.</summary>
public sealed class CmsMetrics
{
    public const string MeterName = "Cms";

    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _cacheEvictions;
    private readonly Counter<long> _webhookAttempts;

    public CmsMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _cacheLookups = Meter.CreateCounter<long>("cms.output_cache.lookups", "{lookup}",
            "Output cache lookups by anonymous reads; result is hit or miss.");
        _cacheEvictions = Meter.CreateCounter<long>("cms.output_cache.evictions", "{eviction}",
            "Evictions of every cached response, one per successful write.");
        _webhookAttempts = Meter.CreateCounter<long>("cms.webhook.attempts", "{attempt}",
            "Webhook delivery attempts; outcome is delivered, retry (another attempt is due) or failed (given up).");
    }

    /// <summary>For gauges that read a component's own state (image work).</summary>
    public Meter Meter { get; }

    public void CacheLookup(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void CacheEviction() => _cacheEvictions.Add(1);

    public void WebhookAttempt(string outcome) => _webhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
