// Readers of a live story for bench/live.sh: many event streams held open at once, and the updates posted to them.
//
//   fanout BASE ARTICLE KEY STREAMS UPDATES INTERVAL_MS
//     opens STREAMS streams of the story on BASE, prints "ready" once each has its first line, posts UPDATES updates
//     INTERVAL_MS apart, and prints one JSON line: from each POST's answer to each stream's arrival of that event
//     (p50, p99, max in ms; an event that arrives before the answer counts as 0), and how many arrivals were missing.
//   soak BASES ARTICLE KEY STREAMS_PER_BASE SECONDS
//     opens STREAMS_PER_BASE streams on each of the comma-separated BASES; a stream that closes reconnects with
//     Last-Event-ID to the next base (so a replica restarted in the middle moves its readers to the other); posts one
//     update a second for SECONDS to the bases in turn (the next one when one refuses); then checks that every reader
//     holds every event exactly once, in order. Prints one JSON line.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var mode = args[0];
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, ConnectTimeout = TimeSpan.FromSeconds(30),
})
{ Timeout = Timeout.InfiniteTimeSpan };

if (mode == "fanout")
{
    var (baseUrl, article, key) = (args[1], args[2], args[3]);
    var (streams, updates, interval) = (int.Parse(args[4]), int.Parse(args[5]), int.Parse(args[6]));
    var arrivals = new long[updates + 1, streams];
    var stop = new CancellationTokenSource();
    var readyCount = 0;
    var allReady = new TaskCompletionSource();
    var readers = Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/api/v1/articles/{article}/updates/stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
        var first = true;
        try
        {
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (first)
                {
                    first = false;
                    if (Interlocked.Increment(ref readyCount) == streams)
                    {
                        allReady.TrySetResult();
                    }
                }
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    var id = long.Parse(line.AsSpan(4)); // a new story: its updates are 1, 2, ...
                    if (id >= 1 && id <= updates && arrivals[id, i] == 0)
                    {
                        arrivals[id, i] = Stopwatch.GetTimestamp();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    })).ToList();
    await allReady.Task.WaitAsync(TimeSpan.FromMinutes(5));
    Console.WriteLine("ready");
    var answered = new long[updates + 1];
    for (var u = 1; u <= updates; u++)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/api/v1/articles/{article}/updates")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body = $"Pembaruan {u} pukul {DateTime.UtcNow:HH:mm:ss}." }),
                Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(post);
        answered[u] = Stopwatch.GetTimestamp();
        response.EnsureSuccessStatusCode();
        await Task.Delay(interval);
    }
    await Task.Delay(2000); // the last one's stragglers
    var latencies = new List<double>();
    var missing = 0;
    for (var u = 1; u <= updates; u++)
    {
        for (var s = 0; s < streams; s++)
        {
            if (arrivals[u, s] == 0)
            {
                missing++;
            }
            else
            {
                latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered[u], arrivals[u, s]).TotalMilliseconds));
            }
        }
    }
    latencies.Sort();
    double At(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        streams, updates, arrivals = latencies.Count, missing, p50 = At(0.5), p99 = At(0.99), max = latencies.Count == 0 ? double.NaN : latencies[^1],
    }));
    await stop.CancelAsync();
    await Task.WhenAll(readers);
    return 0;
}

if (mode == "soak")
{
    var bases = args[1].Split(',');
    var (article, key) = (args[2], args[3]);
    var (perBase, seconds) = (int.Parse(args[4]), int.Parse(args[5]));
    var stop = new CancellationTokenSource();
    var total = perBase * bases.Length;
    var received = Enumerable.Range(0, total).Select(_ => new List<long>()).ToArray();
    var reconnects = 0;
    var readers = Enumerable.Range(0, total).Select(i => Task.Run(async () =>
    {
        var at = i % bases.Length;
        long? last = 0; // from the start: a reader that joins late still gets every update
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"{bases[at]}/api/v1/articles/{article}/updates/stream");
                if (last is { } seen)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", seen.ToString());
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        last = long.Parse(line.AsSpan(4));
                        lock (received[i])
                        {
                            received[i].Add(last.Value);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Refused or dropped (a replica going down): wait a moment, as EventSource's retry would.
            }
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref reconnects);
                at = (at + 1) % bases.Length;
                await Task.Delay(500);
            }
        }
    })).ToList();
    await Task.Delay(3000);
    var posted = new List<long>();
    var refused = 0;
    var clock = Stopwatch.StartNew();
    var next = 0;
    for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); n++)
    {
        for (var attempt = 0; attempt < bases.Length * 3; attempt++)
        {
            var target = bases[next++ % bases.Length];
            try
            {
                var post = new HttpRequestMessage(HttpMethod.Post, $"{target}/api/v1/articles/{article}/updates")
                {
                    Content = new StringContent(JsonSerializer.Serialize(new { body = $"Pembaruan {n}." }), Encoding.UTF8, "application/json"),
                };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(post);
                response.EnsureSuccessStatusCode();
                posted.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sequence").GetInt64());
                break;
            }
            catch (Exception)
            {
                refused++;
                await Task.Delay(200);
            }
        }
        var due = TimeSpan.FromSeconds(n + 1) - clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }
    }
    // Every reader catches up (a reconnecting one within a few seconds), then each list is checked.
    var last = posted.Count == 0 ? 0 : posted.Max();
    var settle = Stopwatch.StartNew();
    while (settle.Elapsed < TimeSpan.FromSeconds(60) && received.Any(r => { lock (r) { return r.Count == 0 || r[^1] < last; } }))
    {
        await Task.Delay(250);
    }
    await stop.CancelAsync();
    await Task.WhenAll(readers);
    var expected = posted.Order().ToList();
    var exact = received.Count(r => r.SequenceEqual(expected));
    var duplicates = received.Sum(r => r.Count - r.Distinct().Count());
    var missingEvents = received.Sum(r => expected.Except(r).Count());
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        readers = total, updates = posted.Count, refusedPosts = refused, reconnects, everyUpdateExactlyOnceInOrder = exact, duplicates,
        missing = missingEvents,
    }));
    return exact == total ? 0 : 1;
}

Console.Error.WriteLine("usage: fanout BASE ARTICLE KEY STREAMS UPDATES INTERVAL_MS | soak BASES ARTICLE KEY STREAMS_PER_BASE SECONDS");
return 2;
