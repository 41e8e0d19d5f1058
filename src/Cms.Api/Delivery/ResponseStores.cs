using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Cms.Api.Delivery;

/// <summary>
/// Where the output cache keeps responses. A response is stored only while the content epoch is still
/// the one its request read before reading the database, and that check and the store are one step:
/// a write, which moves the epoch before it evicts, then comes either after the store (and its eviction
/// removes the entry) or before it (and nothing is stored). No old version is visible for any moment
/// after the writer's eviction, however slow the reader's store is.
/// </summary>
public interface IResponseStore
{
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes the entry to <paramref name="destination"/>; false when there is none.</summary>
    ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken);

    /// <summary>Stores the response when the epoch is still <paramref name="epoch"/>; false when it moved.</summary>
    ValueTask<bool> SetIfEpochAsync(long epoch, string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags,
        TimeSpan validFor, CancellationToken cancellationToken);

    ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken);
}

/// <summary>In the process: the framework's memory store, with stores and epoch moves taking turns.</summary>
public sealed class MemoryResponseStore(IOutputCacheStore memory, MemoryContentEpoch epoch) : IResponseStore
{
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => memory.GetAsync(key, cancellationToken);

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (await memory.GetAsync(key, cancellationToken) is not { } value)
        {
            return false;
        }
        await destination.WriteAsync(value, cancellationToken);
        return true;
    }

    public ValueTask<bool> SetIfEpochAsync(long at, string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags,
        TimeSpan validFor, CancellationToken cancellationToken) =>
        epoch.WhileAtAsync(at, () => memory.SetAsync(key, Kept(value), tags.ToArray(), validFor, cancellationToken));

    /// <summary>
    /// The stored copy, on the pinned object heap, which only full collections visit. An entry lives for minutes:
    /// made in gen0, every stored response survived the next gen0 collection and was copied on, and while the
    /// cache fills (64 connections missing at once) high gen0 survival is what makes the GC grow its gen0 budget
    /// for a few seconds, the peaks of the process's RSS. Peak RSS of a warm sequence, 3 alternating pairs:
    /// 286, 301, 291 MB before, 283, 276, 284 MB with this (bench/MISSES.md).
    /// </summary>
    private static byte[] Kept(ReadOnlySequence<byte> value)
    {
        var copy = GC.AllocateUninitializedArray<byte>(checked((int)value.Length), pinned: true);
        value.CopyTo(copy);
        return copy;
    }

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => memory.EvictByTagAsync(tag, cancellationToken);
}

/// <summary>
/// In Redis, shared by every replica. An entry is a string key with its lifetime; a tag is a sorted set
/// of the entries' keys scored by when they expire. Storing (with the epoch check) and evicting a tag are
/// each one Lua script, so each is atomic on the server. All keys live in one Redis (not Redis Cluster).
/// </summary>
public sealed class RedisResponseStore(IConnectionMultiplexer redis) : IResponseStore
{
    private const string EntryPrefix = "cms:oc:";
    private const string TagPrefix = "cms:oc-tag:";

    // KEYS: the epoch, the entry, its tags. ARGV: the epoch the request read, the body, its lifetime in ms.
    // The server's own clock scores and prunes the tag sets, so replicas' clocks do not matter; a member is
    // pruned a second after its entry expired, never before.
    private const string SetScript = """
        if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
        local ttl = tonumber(ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        for i = 3, #KEYS do
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - 1000)
          redis.call('ZADD', KEYS[i], now + ttl, KEYS[2])
          if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
        end
        return 1
        """;

    private const string EvictScript = """
        local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
        for i = 1, #keys, 1000 do redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys))) end
        redis.call('DEL', KEYS[1])
        return #keys
        """;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        (byte[]?)await redis.GetDatabase().StringGetAsync(EntryPrefix + key);

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        using var lease = await redis.GetDatabase().StringGetLeaseAsync(EntryPrefix + key);
        if (lease is null)
        {
            return false;
        }
        await destination.WriteAsync(lease.Memory, cancellationToken);
        return true;
    }

    public async ValueTask<bool> SetIfEpochAsync(long epoch, string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags,
        TimeSpan validFor, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[2 + tags.Length];
        keys[0] = RedisContentEpoch.Key;
        keys[1] = EntryPrefix + key;
        for (var i = 0; i < tags.Length; i++)
        {
            keys[2 + i] = TagPrefix + tags.Span[i];
        }
        var lifetime = Math.Max(1, (long)validFor.TotalMilliseconds);
        var stored = await redis.GetDatabase().ScriptEvaluateAsync(SetScript, keys, [epoch, value.ToArray(), lifetime]);
        return (long)stored == 1;
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        await redis.GetDatabase().ScriptEvaluateAsync(EvictScript, [TagPrefix + tag]);
}
