using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cms.Api.Tests.Webhooks;

/// <summary>A real HTTP receiver on loopback: records what arrives, answers with the statuses queued (else 200).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    public sealed record Received(IHeaderDictionary Headers, string Body, int AnsweredWith);

    /// <summary>Statuses to answer with, in order; then 200. A pair (status, Retry-After seconds) for 429 and 503.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfter)> Answers { get; } = new();

    /// <summary>Every request waits for this before it is answered (a target that hangs).</summary>
    public Task Hold { get; set; } = Task.CompletedTask;

    private readonly Lock _gate = new();
    private int _holding;
    private int _mostHeld;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>How many requests wait on <see cref="Hold"/> now, and the most that ever did at once.</summary>
    public (int Now, int Most) Held
    {
        get
        {
            lock (_gate)
            {
                return (_holding, _mostHeld);
            }
        }
    }

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            lock (receiver._gate)
            {
                receiver._mostHeld = Math.Max(receiver._mostHeld, ++receiver._holding);
            }
            await receiver.Hold;
            lock (receiver._gate)
            {
                receiver._holding--;
            }
            var (status, retryAfter) = receiver.Answers.TryDequeue(out var answer) ? answer : (200, null);
            if (retryAfter is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString();
            }
            http.Response.StatusCode = status;
            await http.Response.WriteAsync(status == 200 ? "ok" : $"nope {status}");
            receiver._received.Writer.TryWrite(new Received(new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body, status));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    /// <summary>The next request that arrived, waiting for it up to 10 s.</summary>
    public async Task<Received> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Everything that arrived so far, without waiting.</summary>
    public List<Received> Drain()
    {
        var all = new List<Received>();
        while (_received.Reader.TryRead(out var r))
        {
            all.Add(r);
        }
        return all;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
