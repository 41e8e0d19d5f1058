using System.Diagnostics;
using System.Net;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Trace;

namespace Cms.Api.Tests.Operations;

/// <summary>
/// /metrics behind a key, the output cache's instruments, and traces that follow a request into its database commands
/// and its outgoing HTTP. Activity sources are process-wide, so a test finds its own spans by their trace id. What a
/// scraper reads is tested on a process of its own (<see cref="MetricsProcessTests"/>): OpenTelemetry merges the
/// same-named instruments of the many apps a test run holds, so only a whole process shows its own figures.
/// </summary>
public abstract class TelemetryTests(CmsFactory factory)
{
    [Fact]
    public async Task Metrics_need_a_key()
    {
        await (await factory.CreateAnonymousClient().GetAsync(Telemetry.MetricsPath)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var scrape = await factory.CreateClient(await factory.CreateKey("reader")).GetAsync(Telemetry.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_output_cache_counts_its_hits_misses_and_evictions()
    {
        var meter = factory.Services.GetRequiredService<CmsMetrics>().Meter;
        using var lookups = new MetricCollector<long>(meter, "cms.output_cache.lookups");
        using var evictions = new MetricCollector<long>(meter, "cms.output_cache.evictions");
        var reader = factory.CreateAnonymousClient();
        var url = $"/api/v1/tags/{(await factory.CreateClient().CreateTag())["id"]}";
        await (await reader.GetAsync(url)).Expect(HttpStatusCode.OK);
        await (await reader.GetAsync(url)).Expect(HttpStatusCode.OK);

        Assert.Equal(["miss", "hit"], lookups.GetMeasurementSnapshot().Select(m => (string?)m.Tags["result"]).TakeLast(2));
        // A new tag makes the lists stale and evicts nothing (those entries expire); a rename makes everything stale and
        // evicts it all (docs/caching.md).
        var before = evictions.GetMeasurementSnapshot().Count;
        var tag = await factory.CreateClient().CreateTag();
        Assert.Equal(before, evictions.GetMeasurementSnapshot().Count);
        await (await factory.CreateClient().Patch($"/api/v1/tags/{tag["id"]}", new { name = Http.Unique("Nama Baru") }, "*")).Expect(HttpStatusCode.OK);
        Assert.Equal(before + 1, evictions.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task A_request_s_trace_holds_its_database_commands_and_its_outgoing_HTTP()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        await client.UploadPhoto(40, 30, alt: "Presiden Rusia", credit: "Net");

        // The server's span ends just after its answer has gone out.
        var traced = ((TracedFactory)factory).Spans;
        await Waiting.Until(() => traced.Of(traceId).Any(s => s.Kind == ActivityKind.Server), "the request's span was not exported");
        var spans = traced.Of(traceId);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.StartsWith("POST /api/v1/assets", server.DisplayName);
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        AssertDatabaseSpans(spans, server);
        AssertStorageSpans(spans, server);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        await using var plain = new SqliteCmsFactory();
        await plain.InitializeAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await plain.CreateClient().GetAsync(Telemetry.MetricsPath)).StatusCode);
    }

    protected abstract void AssertDatabaseSpans(IReadOnlyList<Activity> spans, Activity server);

    /// <summary>PostgreSQL's classes keep media in S3: the upload's PUT is an outgoing HTTP span.</summary>
    protected abstract void AssertStorageSpans(IReadOnlyList<Activity> spans, Activity server);

    protected static bool Under(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = all.FirstOrDefault(a => a.SpanId == parent)?.ParentSpanId ?? default)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>The spans an app exported, kept in memory for its test to read.</summary>
public sealed class SpanLog
{
    private readonly List<Activity> _spans = [];

    /// <summary>/metrics on, as the factories below run.</summary>
    public static readonly KeyValuePair<string, string?>[] Settings = [new("Telemetry:Metrics", "true")];

    public void AddTo(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));

    public IReadOnlyList<Activity> Of(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.TraceId == traceId).ToList();
        }
    }
}

/// <summary>A factory with /metrics on, whose spans the test can read.</summary>
public interface TracedFactory
{
    SpanLog Spans { get; }
}

public sealed class TracedSqliteFactory : SqliteCmsFactory, TracedFactory
{
    public SpanLog Spans { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => SpanLog.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(Spans.AddTo);
    }
}

public sealed class TracedPostgresFactory : PostgresCmsFactory, TracedFactory
{
    public SpanLog Spans { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => SpanLog.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(Spans.AddTo);
    }
}

public sealed class TelemetryTestsOnSqlite(TracedSqliteFactory factory) : TelemetryTests(factory), IClassFixture<TracedSqliteFactory>
{
    /// <summary>SQLite has no activity source of its own: its commands are not traced (docs/operations.md).</summary>
    protected override void AssertDatabaseSpans(IReadOnlyList<Activity> spans, Activity server) =>
        Assert.DoesNotContain(spans, s => s.Source.Name == "Npgsql");

    protected override void AssertStorageSpans(IReadOnlyList<Activity> spans, Activity server) =>
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Client);
}

public sealed class TelemetryTestsOnPostgres(TracedPostgresFactory factory) : TelemetryTests(factory), IClassFixture<TracedPostgresFactory>
{
    protected override void AssertDatabaseSpans(IReadOnlyList<Activity> spans, Activity server)
    {
        var commands = spans.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.True(Under(c, server, spans), $"{c.DisplayName} is not under the request"));
        Assert.Contains(commands, c => c.GetTagItem("db.query.text")?.ToString()?.Contains("INSERT INTO \"Assets\"", StringComparison.Ordinal) == true
            || c.GetTagItem("db.statement")?.ToString()?.Contains("INSERT INTO \"Assets\"", StringComparison.Ordinal) == true);
    }

    protected override void AssertStorageSpans(IReadOnlyList<Activity> spans, Activity server)
    {
        var puts = spans.Where(s => s.Kind == ActivityKind.Client && s.Source.Name.StartsWith("System.Net.Http", StringComparison.Ordinal)
            && s.DisplayName.StartsWith("PUT", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(puts);
        Assert.All(puts, p => Assert.True(Under(p, server, spans)));
    }
}
