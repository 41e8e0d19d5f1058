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

    /// <summary><c>/metrics</c>, when turned on, behind <paramref name="policy"/> (the composition gives any live key's).</summary>
    public static WebApplication MapCmsMetrics(this WebApplication app, string policy)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Metrics)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath)
                .RequireAuthorization(policy)
                .ExcludeFromDescription();
        }
        return app;
    }
}
