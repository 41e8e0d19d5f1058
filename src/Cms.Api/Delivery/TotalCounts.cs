using System.Collections.Concurrent;

namespace Cms.Api.Delivery;

/// <summary>
/// Totals of filtered lists (totalItems), counted once and reused until the content changes: a
/// count reads every matching row, which at newsroom scale costs more than the page itself. An entry
/// holds while the content epoch is where it was (every write moves it), the next scheduled story
/// has not come, and for at most a minute (the bound for replicas without a shared epoch). Requests
/// that miss together share one count: after a write under load, every list request in flight would
/// otherwise count the same rows at once (seconds each at a million articles).
/// </summary>
public sealed class TotalCounts(IContentEpoch epoch, ScheduledPublications scheduled, TimeProvider clock)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly ConcurrentDictionary<(string Key, long Epoch), Task<object>> _counting = new();

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
        var mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _counting.GetOrAdd((key, current), mine.Task);
        if (flight != mine.Task)
        {
            try
            {
                return (T)await flight.WaitAsync(http.RequestAborted);
            }
            catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
            {
                return await count(); // the request that counted failed or went away: count for this one
            }
        }
        try
        {
            var next = await scheduled.NextKnownAsync(http);
            var value = await count();
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            var until = now + MaxAge;
            _entries[key] = new Entry(current, next is { } at && at < until ? at : until, value);
            mine.SetResult(value);
            return value;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            _ = mine.Task.Exception; // observed here; those waiting count for themselves
            throw;
        }
        finally
        {
            _counting.TryRemove(new KeyValuePair<(string, long), Task<object>>((key, current), mine.Task));
        }
    }
}
