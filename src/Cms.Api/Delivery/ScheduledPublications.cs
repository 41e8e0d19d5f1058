using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Delivery;

/// <summary>
/// When the next scheduled story goes live. Cached responses never outlive that minute: a miss caps
/// its entry's lifetime by it (asking the database, so every replica agrees), and the first request
/// after it evicts the lists, on whatever clock the app runs (tests run on a fake one).
/// </summary>
public sealed class ScheduledPublications(TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Box? _next;

    private sealed record Box(DateTimeOffset? At);

    /// <summary>The next publication time after now, straight from the database.</summary>
    public static Task<DateTimeOffset?> NextAsync(CmsDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.Articles.Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt > now).MinAsync(a => a.PublishedAt, ct);

    /// <summary>Forgets the remembered time: a write may have scheduled something sooner.</summary>
    public void Forget() => _next = null;

    /// <summary>The remembered next publication time (asking the database when nothing is remembered).</summary>
    public async ValueTask<DateTimeOffset?> NextKnownAsync(HttpContext http)
    {
        if (_next is { } known && (known.At is null || clock.GetUtcNow() < known.At))
        {
            return known.At;
        }
        var at = await NextAsync(http.RequestServices.GetRequiredService<CmsDbContext>(), clock.GetUtcNow(), http.RequestAborted);
        _next ??= new Box(at);
        return at;
    }

    /// <summary>On every cacheable request: when a remembered publication time has come, evicts the lists.</summary>
    public async ValueTask CatchUpAsync(HttpContext http)
    {
        var now = clock.GetUtcNow();
        if (_next is { } known && (known.At is null || now < known.At))
        {
            return;
        }
        await _gate.WaitAsync(http.RequestAborted);
        try
        {
            var passed = _next is { At: { } at } && now >= at;
            if (_next is not null && !passed)
            {
                return;
            }
            if (passed)
            {
                await http.RequestServices.GetRequiredService<CacheEviction>().EvictAsync([CacheTags.Lists], http.RequestAborted);
            }
            _next = new Box(await NextAsync(http.RequestServices.GetRequiredService<CmsDbContext>(), now, http.RequestAborted));
        }
        finally
        {
            _gate.Release();
        }
    }
}
