using System.Net.ServerSentEvents;
using System.Text;

namespace Cms.Api.Tests.Live;

/// <summary>
/// A reader of a live story's stream: the raw lines as they arrive (so a test can assert the <c>id:</c> and <c>event:</c>
/// lines themselves), and the events as the framework's SSE parser (<see cref="SseParser"/>) reads the same bytes.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _stream;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly MemoryStream _raw = new();
    private readonly Task _reading;

    private SseClient(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _stream = stream;
        _reading = ReadAsync();
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response, await response.Content.ReadAsStreamAsync());
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        var pending = new StringBuilder();
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (_raw)
                {
                    _raw.Write(buffer, 0, read);
                }
                pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                var text = pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    continue;
                }
                foreach (var line in text[..end].Split('\n'))
                {
                    await _lines.Writer.WriteAsync(line);
                }
                pending.Clear().Append(text[(end + 1)..]);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    /// <summary>The next line (without its newline); null once the stream has ended.</summary>
    public async Task<string?> NextLineAsync(TimeSpan? timeout = null)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _lines.Reader.ReadAsync(wait.Token);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The next event's lines (id:, event:, data:), skipping comments and the retry hint.</summary>
    public async Task<(string Id, string Event, string Data)> NextEventAsync(TimeSpan? timeout = null)
    {
        var fields = new List<string>();
        while (true)
        {
            var line = await NextLineAsync(timeout) ?? throw new Xunit.Sdk.XunitException("The stream ended before an event.");
            if (line.Length == 0)
            {
                if (fields.Any(f => f.StartsWith("event: ", StringComparison.Ordinal)))
                {
                    Assert.Equal(3, fields.Count);
                    Assert.StartsWith("id: ", fields[0]);
                    Assert.StartsWith("event: ", fields[1]);
                    Assert.StartsWith("data: ", fields[2]);
                    return (fields[0][4..], fields[1][7..], fields[2][6..]);
                }
                fields.Clear();
                continue;
            }
            fields.Add(line);
        }
    }

    /// <summary>Waits for the server to end the stream.</summary>
    public async Task EndedAsync()
    {
        while (await NextLineAsync() is not null)
        {
        }
    }

    /// <summary>Every event received so far, as the framework's parser reads the raw bytes.</summary>
    public List<SseItem<string>> Parsed()
    {
        byte[] bytes;
        lock (_raw)
        {
            bytes = _raw.ToArray();
        }
        return SseParser.Create(new MemoryStream(bytes)).Enumerate().ToList();
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
    }
}
