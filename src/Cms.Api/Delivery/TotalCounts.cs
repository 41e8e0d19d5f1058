using System.Collections.Concurrent;

namespace Cms.Api.Delivery;

/// <summary>
/// Totals of filtered lists (totalItems), counted once and reused until the content changes: a
/// count reads every matching row, which at newsroom scale costs more than the page itself. An entry
/// holds while the content epoch is where it was (every write moves it), the next scheduled story
/// has not come, and for at most a minute (the bound for replicas without a shared epoch).
/// </summary>
public sealed class TotalCounts(IContentEpoch epoch, ScheduledPublications scheduled, TimeProvider clock)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    private sealed record Entry(long Epoch, DateTimeOffset ValidUntil, object Value);

    /// <summary>A count (or a table of counts) under a key, computed again only when it may have changed.</summary>
    public async Task<T> GetAsync<T>(string key, HttpContext http, Func<Task<T>> count)
        where T : notnull
    {
        if (await epoch.ReadAsync() is not { } current)
        {
            return await count(); // the cache's store is unreachable: nothing can tell when a write comes
        }
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Epoch == current && now < entry.ValidUntil)
        {
            return (T)entry.Value;
        }
        var next = await scheduled.NextKnownAsync(http);
        var value = await count();
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        var until = now + MaxAge;
        _entries[key] = new Entry(current, next is { } at && at < until ? at : until, value);
        return value;
    }
}
