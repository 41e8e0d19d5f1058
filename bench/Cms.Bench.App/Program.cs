using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

// The newsroom app in Chromium against a running Release API (bench/app.sh starts it): bytes over the wire on a first
// and a later visit, sign-in to an interactive desk of 50 stories, opening a story, and autosave round trips.
//   dotnet run --project bench/Cms.Bench.App -- BASE_URL ADMIN_KEY [ROUNDS] [SAVES]
var (origin, key) = (args[0].TrimEnd('/'), args[1]);
var rounds = args.Length > 2 ? int.Parse(args[2]) : 7;
var saves = args.Length > 3 ? int.Parse(args[3]) : 40;
const string Password = "bench password 2026";

using var api = new HttpClient { BaseAddress = new Uri(origin) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
async Task<JsonNode> Post(string url, object body)
{
    var response = await api.PostAsJsonAsync(url, body);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? JsonNode.Parse(text.Length == 0 ? "{}" : text)! : throw new InvalidOperationException($"{url}: {text}");
}
var author = await Post("/api/v1/authors", new { name = $"Dewi Bench {Guid.NewGuid():N}"[..20] });
var email = $"{Guid.NewGuid():N}@bench.example";
var person = await Post("/api/v1/people", new { email, name = "Dewi Bench", role = "editor", authorId = author["id"] });
await Post($"/api/v1/people/{person["id"]}/password", new { token = (string)person["link"]!["token"]!, password = Password });
for (var i = 0; i < 50; i++)
{
    await Post("/api/v1/articles", new
    {
        title = $"Presiden akan kunjungi Korea Utara, bagian {i}", body = string.Join("\n\n", Enumerable.Repeat("Isi berita yang cukup panjang untuk satu paragraf.", 12)),
        authors = new[] { new { authorId = author["id"], role = "reporter" } },
    });
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("CMS_TEST_CHROMIUM") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// Bytes: the sum of encodedDataLength (what came over the wire, compressed, headers included) of every load.
async Task<long> Visit(IBrowserContext context)
{
    var page = await context.NewPageAsync();
    var cdp = await context.NewCDPSessionAsync(page);
    long bytes = 0;
    cdp.Event("Network.loadingFinished").OnEvent += (_, e) => Interlocked.Add(ref bytes, (long)e!.Value.GetProperty("encodedDataLength").GetDouble());
    await cdp.SendAsync("Network.enable");
    await page.GotoAsync($"{origin}/admin/signin");
    await page.GetByLabel("Email").WaitForAsync();
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    await page.CloseAsync();
    return bytes;
}
var first = new List<long>();
var later = new List<long>();
var signIn = new List<double>();
var open = new List<double>();
var autosave = new List<double>();
for (var round = 0; round < rounds; round++)
{
    await using var context = await browser.NewContextAsync();
    await context.AddInitScriptAsync("localStorage.setItem('cms.language', 'en')");
    first.Add(await Visit(context));
    later.Add(await Visit(context));

    var page = await context.NewPageAsync();
    await page.GotoAsync($"{origin}/admin/signin");
    await page.GetByLabel("Email").FillAsync(email);
    await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
    var clock = Stopwatch.StartNew();
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    await page.Locator("table tbody tr").Nth(49).WaitForAsync();
    signIn.Add(clock.Elapsed.TotalMilliseconds);

    clock.Restart();
    await page.Locator("table tbody tr a").First.ClickAsync();
    await page.WaitForFunctionAsync("() => document.getElementById('title')?.value?.length > 0");
    open.Add(clock.Elapsed.TotalMilliseconds);

    // Autosave: from the browser sending the PATCH (Playwright's request event) to its response (status and headers;
    // the body is one story's JSON), measured in this process.
    long sentAt = 0;
    page.Request += (_, r) => { if (r.Method == "PATCH") { Interlocked.Exchange(ref sentAt, Stopwatch.GetTimestamp()); } };
    var perRound = Math.Max(1, saves / rounds);
    for (var i = 0; i < perRound; i++)
    {
        var saved = page.WaitForResponseAsync(r => r.Request.Method == "PATCH", new() { Timeout = 30_000 });
        await page.GetByLabel("Subtitle").FillAsync($"Subjudul {round}-{i}");
        await saved;
        autosave.Add(Stopwatch.GetElapsedTime(Interlocked.Read(ref sentAt)).TotalMilliseconds);
        // The save's lock renewal and render finish before the next change.
        await page.WaitForFunctionAsync("() => document.querySelector('[role=status][aria-live]')?.textContent?.startsWith('Saved')");
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
static double Median(IEnumerable<double> values) => Percentile(values.ToList(), 0.5);
Console.WriteLine($"| first visit, bytes over the wire (median of {rounds}) | {Median(first.Select(b => (double)b)) / 1024:F0} KB | <= 3072 KB |");
Console.WriteLine($"| later visit, bytes over the wire (median) | {Median(later.Select(b => (double)b)) / 1024:F1} KB | <= 200 KB |");
Console.WriteLine($"| sign-in click to a desk of 50 stories (median, max of {rounds}) | {Median(signIn):F0} ms, {signIn.Max():F0} ms | < 2000 ms |");
Console.WriteLine($"| desk click to the story in the editor (median, max) | {Median(open):F0} ms, {open.Max():F0} ms | < 1000 ms |");
Console.WriteLine($"| autosave PATCH round trip (p50, p95 of {autosave.Count}) | {Percentile(autosave, 0.5):F0} ms, {Percentile(autosave, 0.95):F0} ms | p95 < 300 ms |");
