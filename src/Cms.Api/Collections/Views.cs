using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cms.Api.Infrastructure;
using StackExchange.Redis;

namespace Cms.Api.Collections;

/// <summary>
/// Where views are counted (docs/collections.md, "Most read"): per article, in buckets of five minutes, each view of an
/// article by one client counted once in 30 minutes. A view is not a content write: nothing here touches the database.
/// </summary>
public interface IViewCounts
{
    /// <summary>Counts these views of one client; false when they could not be counted (Redis unreachable): they are dropped.</summary>
    ValueTask<bool> CountAsync(IReadOnlyCollection<Guid> articles, string client, DateTimeOffset now);

    /// <summary>
    /// The most viewed articles, most first, over the <paramref name="buckets"/> buckets before <paramref name="bucket"/>;
    /// null when they cannot be read now.
    /// </summary>
    ValueTask<IReadOnlyList<Guid>?> RankAsync(int buckets, long bucket, int top);
}

/// <summary>The buckets views are counted in, and the windows a most-read collection ranks over.</summary>
public static class ViewBuckets
{
    public static readonly TimeSpan Size = TimeSpan.FromMinutes(5);

    /// <summary>A client's repeated view of an article within this time counts once.</summary>
    public static readonly TimeSpan Repeat = TimeSpan.FromMinutes(30);

    /// <summary>The longest window: buckets older than it are of no use.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public static readonly IReadOnlyDictionary<string, TimeSpan> Windows = new Dictionary<string, TimeSpan>
    {
        ["1h"] = TimeSpan.FromHours(1), ["24h"] = TimeSpan.FromHours(24), ["7d"] = Longest,
    };

    public static long Of(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)Size.TotalSeconds;

    public static int Count(string window) => (int)(Windows[window] / Size);
}

/// <summary>In the process: one replica.</summary>
public sealed class MemoryViewCounts : IViewCounts
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, long>> _buckets = new();
    private readonly ConcurrentDictionary<(string Client, Guid Article), DateTimeOffset> _seen = new();
    private long _pruned;

    public ValueTask<bool> CountAsync(IReadOnlyCollection<Guid> articles, string client, DateTimeOffset now)
    {
        var bucket = ViewBuckets.Of(now);
        Prune(bucket, now);
        var counts = _buckets.GetOrAdd(bucket, _ => new());
        foreach (var article in articles)
        {
            var first = false;
            _seen.AddOrUpdate((client, article), _ => { first = true; return now + ViewBuckets.Repeat; },
                (_, until) => { first = until <= now; return first ? now + ViewBuckets.Repeat : until; });
            if (first)
            {
                counts.AddOrUpdate(article, 1, (_, n) => n + 1);
            }
        }
        return ValueTask.FromResult(true);
    }

    public ValueTask<IReadOnlyList<Guid>?> RankAsync(int buckets, long bucket, int top)
    {
        var totals = new Dictionary<Guid, long>();
        for (var b = bucket - buckets; b < bucket; b++)
        {
            foreach (var (article, n) in _buckets.GetValueOrDefault(b) ?? [])
            {
                totals[article] = totals.GetValueOrDefault(article) + n;
            }
        }
        return ValueTask.FromResult<IReadOnlyList<Guid>?>(
            totals.OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(top).Select(t => t.Key).ToList());
    }

    /// <summary>Once per bucket: forgets buckets older than the longest window and repeats that no longer count.</summary>
    private void Prune(long bucket, DateTimeOffset now)
    {
        var last = Interlocked.Exchange(ref _pruned, bucket);
        if (last == bucket)
        {
            return;
        }
        var oldest = bucket - ViewBuckets.Count("7d");
        foreach (var old in _buckets.Keys.Where(b => b < oldest))
        {
            _buckets.TryRemove(old, out _);
        }
        foreach (var (key, until) in _seen.Where(s => s.Value <= now))
        {
            _seen.TryRemove(KeyValuePair.Create(key, until));
        }
    }
}

/// <summary>
/// In Redis, shared by every replica: a sorted set per bucket (article → views) that expires once older than the
/// longest window, and a key per client and article that expires after 30 minutes. A window's ranking is kept per
/// bucket in Redis, so replicas make it once between them (<see cref="RankScript"/>).
/// </summary>
public sealed class RedisViewCounts(IConnectionMultiplexer redis, string prefix, ILogger<RedisViewCounts> logger) : IViewCounts
{
    // One round trip per batch: each article whose repeat key is new adds a view to the bucket, which lives as long as
    // the longest window needs it. ARGV: the client's repeat-key prefix, its seconds, the bucket's seconds, the articles.
    private const string CountScript = """
        local counted = 0
        for i = 4, #ARGV do
          if redis.call('SET', ARGV[1] .. ARGV[i], '1', 'EX', ARGV[2], 'NX') then
            redis.call('ZINCRBY', KEYS[1], 1, ARGV[i])
            counted = counted + 1
          end
        end
        if counted > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
        return counted
        """;

    private RedisKey Bucket(long bucket) => $"{prefix}views:{bucket}";

    public async ValueTask<bool> CountAsync(IReadOnlyCollection<Guid> articles, string client, DateTimeOffset now)
    {
        if (!redis.IsConnected)
        {
            return false;
        }
        try
        {
            RedisValue[] values = [$"{prefix}views:seen:{client}:", (int)ViewBuckets.Repeat.TotalSeconds,
                (int)(ViewBuckets.Longest + ViewBuckets.Size * 2).TotalSeconds, .. articles.Select(a => (RedisValue)a.ToString("D"))];
            await redis.GetDatabase().ScriptEvaluateAsync(CountScript, [Bucket(ViewBuckets.Of(now))], values);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Counting views failed; they are dropped");
            return false;
        }
    }

    public async ValueTask<IReadOnlyList<Guid>?> RankAsync(int buckets, long bucket, int top)
    {
        if (!redis.IsConnected)
        {
            return null;
        }
        try
        {
            var db = redis.GetDatabase();
            var ranking = Ranking(buckets, bucket);
            if (!await db.KeyExistsAsync(ranking))
            {
                RedisKey[] keys = [ranking, Ranking(buckets, bucket - 1), Bucket(bucket - 1), Bucket(bucket - 1 - buckets),
                    .. Enumerable.Range(1, buckets).Select(i => Bucket(bucket - i))];
                await db.ScriptEvaluateAsync(RankScript, keys, [(int)(ViewBuckets.Size * 2).TotalSeconds]);
            }
            var ranked = await db.SortedSetRangeByRankAsync(ranking, 0, top - 1, Order.Descending);
            return ranked.Select(v => Guid.Parse(v.ToString())).ToList();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Ranking views failed; most-read collections answer their last ranking");
            return null;
        }
    }

    private RedisKey Ranking(int buckets, long bucket) => $"{prefix}views:rank:{buckets}:{bucket}";

    // A window's ranking at a bucket, made once (by the first replica to ask) and kept for two buckets. When the ranking
    // of the bucket before is still there, the window has moved by one bucket: that ranking, plus the bucket that just
    // ended, minus the one that left the window (three sets, not a week's 2,016; bench/COLLECTIONS.md). Otherwise the
    // union of all the window's buckets. KEYS: the ranking, the one before, the bucket ended, the bucket left, then every
    // bucket of the window; ARGV: the ranking's seconds.
    private const string RankScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('ZUNIONSTORE', KEYS[1], 3, KEYS[2], KEYS[3], KEYS[4], 'WEIGHTS', 1, 1, -1)
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', 0)
        else
          redis.call('ZUNIONSTORE', KEYS[1], #KEYS - 4, unpack(KEYS, 5))
        end
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        return 1
        """;
}

/// <summary>
/// The ranking of each window, computed once per bucket in this replica and kept: while the counts cannot be read
/// (a Redis outage) the last ranking is answered, never an error.
/// </summary>
public sealed class MostRead(IViewCounts counts, TimeProvider clock)
{
    /// <summary>How many of a window's most viewed articles a collection chooses among (after its filter and visibility).</summary>
    public const int Top = 500;

    private readonly ConcurrentDictionary<string, (long Bucket, IReadOnlyList<Guid> Ranked)> _last = new();

    /// <summary>The window's most viewed articles, most first.</summary>
    public async Task<IReadOnlyList<Guid>> RankedAsync(string window)
    {
        var bucket = ViewBuckets.Of(clock.GetUtcNow());
        if (_last.TryGetValue(window, out var known) && known.Bucket == bucket)
        {
            return known.Ranked;
        }
        if (await counts.RankAsync(ViewBuckets.Count(window), bucket, Top) is not { } ranked)
        {
            return known.Ranked ?? [];
        }
        _last[window] = (bucket, ranked);
        return ranked;
    }
}

/// <summary>The views counter: counted, dropped (the counts could not be written) and ignored (bots, unknown or unseen articles).</summary>
public sealed class ViewMetrics(CmsMetrics metrics)
{
    private readonly Counter<long> _views = metrics.Meter.CreateCounter<long>("cms.views", "{view}",
        "Article views sent to POST /views; outcome is counted (passed to the counts; repeats within 30 minutes count once there), "
        + "dropped (the counts could not be reached) or ignored (a bot, or an article readers cannot see).");

    public void Add(long n, string outcome)
    {
        if (n > 0)
        {
            _views.Add(n, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
