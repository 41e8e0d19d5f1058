using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Cms.Data;
using Cms.Data.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles.Live;

/// <summary>
/// The readers of live stories on this replica, and how each event reaches them (docs/live.md, "The stream"). Per story
/// with readers, one <see cref="Topic"/>: when it is woken (a write here, a PostgreSQL notification from any replica, or
/// the ping timer as a safety net) it reads the events after the last one it sent, with one query, and hands each
/// reader the same bytes. A reader that joins reads what it missed from the database first (Last-Event-ID), then takes
/// the topic's events, skipping those it already has: every event exactly once, in order. The events are rows, so a
/// replica that restarts, or a reader that moves to another replica, loses nothing.
/// </summary>
public sealed class LiveStreams : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Topic> _topics = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<LiveOptions> _options;
    private readonly ILogger<LiveStreams> _log;
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pinging;

    public LiveStreams(IServiceScopeFactory scopes, IOptions<LiveOptions> options, ILogger<LiveStreams> log, TimeProvider clock)
    {
        _scopes = scopes;
        _options = options;
        _log = log;
        _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetConcurrencyLimiter(address,
            _ => new ConcurrencyLimiterOptions { PermitLimit = Math.Max(1, options.Value.StreamsPerAddress), QueueLimit = 0 }));
        _pinging = PingAsync(clock, _stopping.Token);
    }

    /// <summary>How many readers are connected on this replica.</summary>
    public int Readers => _topics.Values.Sum(t => t.Count);

    /// <summary>A place for one more stream from this address, or a refused lease (429).</summary>
    public RateLimitLease Open(string address) => _perAddress.AttemptAcquire(address);

    /// <summary>The story has new events: its readers here get them.</summary>
    public void Signal(Guid articleId)
    {
        if (_topics.TryGetValue(articleId, out var topic))
        {
            topic.Wake();
        }
    }

    /// <summary>Every story with readers looks again (after notifications may have been missed).</summary>
    public void SignalAll()
    {
        foreach (var topic in _topics.Values)
        {
            topic.Wake();
        }
    }

    /// <summary>
    /// Joins a story's stream: the events after <paramref name="after"/> (none: only what comes from now on) are in the
    /// reader's channel in order, each once. Dispose the reader to leave.
    /// </summary>
    public async Task<Reader> JoinAsync(Guid articleId, long? after, CancellationToken ct)
    {
        var reader = new Reader(Channel.CreateBounded<Frame>(new BoundedChannelOptions(Math.Max(16, _options.Value.StreamBacklog))
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
        }));
        Topic topic;
        long? sent;
        while (true)
        {
            topic = _topics.GetOrAdd(articleId, id => new Topic(this, id));
            if ((sent = await topic.AddAsync(reader, ct)) is not null)
            {
                break;
            }
            _topics.TryRemove(KeyValuePair.Create(articleId, topic)); // emptied and closing: a new one
        }
        reader.Leave = () => topic.Remove(reader);
        // Every event after `sent` reaches the reader's channel; what it missed up to now is read from the database after
        // joining, and the channel's copies of those are skipped.
        var from = after ?? sent.Value;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var missed = await ReadAsync(db, articleId, from, int.MaxValue, ct);
        reader.Backlog = missed;
        reader.Delivered = missed.Count > 0 ? missed[^1].Sequence : from;
        return reader;
    }

    private static async Task<List<Frame>> ReadAsync(CmsDbContext db, Guid articleId, long after, int take, CancellationToken ct) =>
        (await db.LiveEvents.AsNoTracking().Where(e => e.ArticleId == articleId && e.Sequence > after).OrderBy(e => e.Sequence)
            .Take(take).Select(e => new { e.Sequence, e.Kind, e.DataJson }).ToListAsync(ct))
        .Select(e => Frame.Event(e.Sequence, LiveEvents.Name(e.Kind), e.DataJson)).ToList();

    private async Task PingAsync(TimeProvider clock, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, _options.Value.PingSeconds)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var topic in _topics.Values)
                {
                    topic.Ping();
                    topic.Wake(); // a notification lost on the way costs at most one ping's delay
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _pinging;
        await _perAddress.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>One SSE frame, its bytes made once for every reader.</summary>
    public sealed record Frame(long Sequence, ReadOnlyMemory<byte> Bytes, bool Ends)
    {
        public static Frame Event(long sequence, string name, string json) =>
            new(sequence, Encoding.UTF8.GetBytes($"id: {sequence}\nevent: {name}\ndata: {json}\n\n"), name == "coverage.ended");

        public static readonly Frame PingFrame = new(0, ": ping\n\n"u8.ToArray(), false);
    }

    /// <summary>One connected reader: what it missed, then its channel of frames.</summary>
    public sealed class Reader(Channel<Frame> channel) : IDisposable
    {
        internal Channel<Frame> Channel => channel;
        internal Action? Leave { get; set; }

        /// <summary>The events it missed, to send first.</summary>
        public IReadOnlyList<Frame> Backlog { get; internal set; } = [];

        /// <summary>The sequence of the last event it has (or will have once the backlog is sent).</summary>
        public long Delivered { get; internal set; }

        /// <summary>The frames to send, in order, each event once; completes when the reader fell too far behind.</summary>
        public async IAsyncEnumerable<Frame> LiveAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var frame in channel.Reader.ReadAllAsync(ct))
            {
                if (frame.Sequence == 0 || frame.Sequence > Delivered)
                {
                    Delivered = Math.Max(Delivered, frame.Sequence);
                    yield return frame;
                }
            }
        }

        public void Dispose() => Leave?.Invoke();
    }

    /// <summary>One story's readers on this replica, and the last event handed to them.</summary>
    private sealed class Topic
    {
        private readonly LiveStreams _streams;
        private readonly Guid _articleId;
        private readonly HashSet<Reader> _readers = [];
        private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        // Started by its first reader, once (not when made: GetOrAdd may make one that is never used).
        private readonly Lazy<Task> _started;
        private bool _closed;

        public Topic(LiveStreams streams, Guid articleId)
        {
            _streams = streams;
            _articleId = articleId;
            _started = new(StartAsync);
        }

        /// <summary>The sequence of the last event handed to the readers (changed only under the readers' lock).</summary>
        private long _sent;

        public int Count
        {
            get
            {
                lock (_readers)
                {
                    return _readers.Count;
                }
            }
        }

        /// <summary>Adds a reader: the sequence of the last event handed out before it, or null when the topic is closing.</summary>
        public async Task<long?> AddAsync(Reader reader, CancellationToken ct)
        {
            try
            {
                await _started.Value.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                _streams._topics.TryRemove(KeyValuePair.Create(_articleId, this)); // the next reader tries a new one
                throw;
            }
            lock (_readers)
            {
                if (_closed)
                {
                    return null;
                }
                _readers.Add(reader);
                return _sent;
            }
        }

        public void Remove(Reader reader)
        {
            lock (_readers)
            {
                _readers.Remove(reader);
                if (_readers.Count == 0)
                {
                    _closed = true;
                    _streams._topics.TryRemove(KeyValuePair.Create(_articleId, this));
                    _wake.Writer.TryComplete();
                }
            }
        }

        public void Wake() => _wake.Writer.TryWrite(true);

        public void Ping() => Hand(Frame.PingFrame);

        /// <summary>Where the story's stream stands now; then the topic waits to be woken.</summary>
        private async Task StartAsync()
        {
            await using (var scope = _streams._scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
                _sent = await db.LiveEvents.Where(e => e.ArticleId == _articleId).MaxAsync(e => (long?)e.Sequence, _streams._stopping.Token) ?? 0;
            }
            _ = RunAsync();
        }

        private async Task RunAsync()
        {
            var ct = _streams._stopping.Token;
            try
            {
                while (await _wake.Reader.WaitToReadAsync(ct))
                {
                    _wake.Reader.TryRead(out _);
                    await SendNewAsync(ct);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // The database failed us: close every reader, who reconnects with Last-Event-ID and loses nothing.
                _streams._log.LogWarning(e, "Live stream of {Article} stopped", _articleId);
                lock (_readers)
                {
                    _closed = true;
                    _streams._topics.TryRemove(KeyValuePair.Create(_articleId, this));
                    foreach (var reader in _readers)
                    {
                        reader.Channel.Writer.TryComplete();
                    }
                }
            }
        }

        private async Task SendNewAsync(CancellationToken ct)
        {
            while (true)
            {
                List<Frame> frames;
                await using (var scope = _streams._scopes.CreateAsyncScope())
                {
                    frames = await ReadAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), _articleId, _sent, 500, ct);
                }
                foreach (var frame in frames)
                {
                    Hand(frame);
                }
                if (frames.Count < 500)
                {
                    return;
                }
            }
        }

        /// <summary>Every reader gets the frame; one too far behind is closed (it reconnects and catches up from the database).</summary>
        private void Hand(Frame frame)
        {
            lock (_readers)
            {
                if (frame.Sequence > 0)
                {
                    _sent = frame.Sequence;
                }
                foreach (var reader in _readers)
                {
                    if (!reader.Channel.Writer.TryWrite(frame))
                    {
                        reader.Channel.Writer.TryComplete();
                    }
                }
            }
        }
    }
}
