using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Cms.Api.Tests.Live;

/// <summary>
/// A live story in a real Chromium, as a reader's page follows it: <c>EventSource</c> on the API run as a process (real
/// Kestrel, real sockets), each event arriving with its id and type, the stream reconnected across a server-side close
/// with Last-Event-ID, and EventSource told to stop (204) once the coverage ended. The app is stopped with SIGTERM while
/// a page listens: the stream closes and the process exits 0.
/// </summary>
public sealed class LiveBrowserTests
{
    private const string Page = """
        <!doctype html><html><body><ol id="log"></ol><script>
        window.events = [];
        const source = new EventSource(location.search.slice(1));
        window.source = source;
        source.onopen = () => { window.opened = (window.opened || 0) + 1; };
        for (const type of ['update.created', 'update.edited', 'update.deleted', 'update.pinned', 'update.unpinned', 'coverage.ended']) {
          source.addEventListener(type, e => {
            window.events.push({ type, id: e.lastEventId, data: JSON.parse(e.data) });
            const li = document.createElement('li'); li.textContent = type + ' ' + e.lastEventId; document.getElementById('log').append(li);
          });
        }
        </script></body></html>
        """;

    [Fact]
    public async Task A_page_with_EventSource_gets_every_update_and_stops_once_the_coverage_ended()
    {
        using var app = await ApiProcess.StartAsync(new Dictionary<string, string> { ["Live__RetryMilliseconds"] = "200" });
        var editor = app.CreateClient();
        var story = await editor.PublishArticle(Http.Unique("Debat Capres"));
        var id = (string)story["id"]!;
        await (await editor.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            // The page comes from the API's own origin (so the stream is same-origin); the stream itself is real.
            await page.RouteAsync($"{app.BaseAddress}live.html**", route => route.FulfillAsync(new()
            {
                Status = 200, ContentType = "text/html; charset=utf-8", Body = Page,
            }));
            await page.GotoAsync($"{app.BaseAddress}live.html?/api/v1/articles/{id}/updates/stream");
            await page.WaitForFunctionAsync("() => window.opened === 1");

            var first = await (await editor.Post($"/api/v1/articles/{id}/updates", new { body = "Debat dimulai.", headline = "Mulai" }))
                .Expect(HttpStatusCode.Created);
            await page.WaitForFunctionAsync("() => window.events.length === 1");
            await (await editor.Post($"/api/v1/articles/{id}/updates/{first["id"]}/pin", new { })).Expect(HttpStatusCode.OK);
            await (await editor.Post($"/api/v1/articles/{id}/updates", new { body = "Sesi tanya jawab." })).Expect(HttpStatusCode.Created);
            await page.WaitForFunctionAsync("() => window.events.length === 3");

            await (await editor.Post($"/api/v1/articles/{id}/coverage/end", new { })).Expect(HttpStatusCode.OK);
            // The server closes after coverage.ended; EventSource reconnects with Last-Event-ID 4, gets 204, and stops.
            await page.WaitForFunctionAsync("() => window.events.length === 4 && window.source.readyState === 2");

            var events = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.events)"))!.AsArray();
            Assert.Equal(["update.created 1", "update.pinned 2", "update.created 3", "coverage.ended 4"],
                events.Select(e => $"{e!["type"]} {e["id"]}"));
            Assert.Equal("Mulai", (string)events[0]!["data"]!["headline"]!);
            Assert.Equal(["update.created 1", "update.pinned 2", "update.created 3", "coverage.ended 4"],
                await page.Locator("#log li").AllTextContentsAsync());
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task On_SIGTERM_open_streams_close_and_the_process_exits_0()
    {
        using var app = await ApiProcess.StartAsync(new Dictionary<string, string>());
        var editor = app.CreateClient();
        var story = await editor.PublishArticle(Http.Unique("Gempa"));
        var id = (string)story["id"]!;
        await (await editor.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);
        await using var sse = await SseClient.OpenAsync(app.CreateClient(key: null), $"/api/v1/articles/{id}/updates/stream");
        Assert.Equal("retry: 3000", await sse.NextLineAsync());

        using (var kill = Process.Start("kill", ["-TERM", app.Process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        await sse.EndedAsync(); // closed by the server, well before the host's shutdown timeout
        await app.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, app.Process.ExitCode);
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", app.Log);
    }
}
