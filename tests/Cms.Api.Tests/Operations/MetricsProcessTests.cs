using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Cms.Api.Tests.Operations;

/// <summary>
/// What a Prometheus scraper reads from a whole process on PostgreSQL: request, output cache, database pool, image and
/// runtime figures, the first ones moving as anonymous readers come and go.
/// </summary>
public sealed partial class MetricsProcessTests
{
    [Fact]
    public async Task A_scraper_sees_request_and_cache_figures_move_and_the_pool_the_images_and_the_runtime()
    {
        using var app = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["Telemetry__Metrics"] = "true",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Cms"] = await TestPostgres.CreateDatabaseAsync(),
        });
        var admin = app.CreateClient();
        var scraper = app.CreateClient(await ReaderKey(admin));
        var tag = await admin.CreateTag();
        var author = await admin.CreateAuthor();
        var reader = app.CreateClient(key: null);
        var before = await Scrape(scraper);

        for (var i = 0; i < 5; i++)
        {
            await (await reader.GetAsync($"/api/v1/tags/{tag["id"]}")).Expect(HttpStatusCode.OK);
        }
        // A rename makes everything stale (stories carry the author's name): the one write that evicts.
        await (await admin.Patch($"/api/v1/authors/{author["id"]}", new { name = "Nama Baru" }, "*")).Expect(HttpStatusCode.OK);
        var after = await Scrape(scraper);

        Assert.Equal(1, Value(after, "cms_output_cache_lookups_total", "result=\"miss\"") - Value(before, "cms_output_cache_lookups_total", "result=\"miss\""));
        Assert.Equal(4, Value(after, "cms_output_cache_lookups_total", "result=\"hit\"") - Value(before, "cms_output_cache_lookups_total", "result=\"hit\""));
        Assert.Equal(1, Value(after, "cms_output_cache_evictions_total", "") - Value(before, "cms_output_cache_evictions_total", ""));
        const string tagRead = "http_route=\"/api/v1/tags/{id}\"";
        Assert.Equal(5, Value(after, "http_server_request_duration_seconds_count", tagRead) - Value(before, "http_server_request_duration_seconds_count", tagRead));
        Assert.Contains("\ndb_client_connection", after);
        Assert.Contains("\ncms_images_in_progress", after);
        Assert.Contains("\ndotnet_gc_collections_total", after);
        Assert.Contains("\naspnetcore_rate_limiting_requests_total", after);
    }

    private static async Task<string> ReaderKey(HttpClient admin)
    {
        var key = await (await admin.Post("/api/v1/keys", new { name = "prometheus", role = "reader" })).Expect(HttpStatusCode.Created);
        return (string)key["secret"]!;
    }

    private static async Task<string> Scrape(HttpClient client)
    {
        var response = await client.GetAsync(Cms.Api.Infrastructure.Telemetry.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/>.</summary>
    private static double Value(string scrape, string metric, string label) =>
        Sample().Matches(scrape).Where(m => m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    /// <summary>A sample line: a name, labels whose quoted values may hold braces, a value.</summary>
    [GeneratedRegex("""^(?<name>[a-z_]+)(\{(?<labels>(?:[^"}]|"[^"]*")*)\})? (?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
