using System.Diagnostics.Metrics;
using Cms.Api.Keys;
using Cms.Data.Keys;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cms.Api.Infrastructure;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve <c>/metrics</c> in Prometheus' text format, to callers with any live key. Off by default.</summary>
    public bool Metrics { get; set; }
}

/// <summary>
/// OpenTelemetry: traces of requests, PostgreSQL commands (Npgsql's own source) and outgoing HTTP; metrics of requests,
/// Kestrel, rate limits, the database pool (Npgsql's meter), outgoing HTTP, the runtime, and Cms's own
/// (<see cref="CmsMetrics"/>). Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard
/// <c>OTEL_*</c> variables apply), and to Prometheus on <c>/metrics</c> when <c>Telemetry:Metrics</c> is true.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddCmsTelemetry(this IServiceCollection services, bool exportOtlp)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        services.AddSingleton<CmsMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cms"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("System.Runtime", "Npgsql", CmsMetrics.MeterName)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (exportOtlp)
        {
            telemetry.UseOtlpExporter();
        }
        return services;
    }

    /// <summary><c>/metrics</c>, when turned on, behind any live key: a reader key made for the scraper is enough.</summary>
    public static WebApplication MapCmsMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Metrics)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath)
                .RequireAuthorization(AccessSetup.Policy(KeyRole.Reader))
                .ExcludeFromDescription();
        }
        return app;
    }
}

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
