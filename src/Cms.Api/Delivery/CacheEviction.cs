using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// Evicts output cache tags: first moves the content epoch (so reads already under way do not keep
/// what they read: see <see cref="IResponseStore"/>), then evicts;
/// three attempts before the failure is logged and the write answered anyway.
/// </summary>
public sealed class CacheEviction(IOutputCacheStore store, IContentEpoch epoch, CacheFailures failures, IServiceProvider services,
    ILogger<CacheEviction> logger)
{
    private const int Attempts = 3;

    public async Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken ct)
    {
        services.GetRequiredService<ScheduledPublications>().Forget();
        // While the store is down, one attempt (it waits for Redis to come back, up to the command timeout).
        var attempts = failures.StoreIsUp() ? Attempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await epoch.MoveAsync();
                foreach (var tag in tags)
                {
                    await store.EvictByTagAsync(tag, CancellationToken.None);
                }
                return;
            }
            catch (Exception e) when (attempt < attempts)
            {
                // A busy or briefly unreachable Redis: try again (moving the epoch twice only stops more stores).
                logger.LogWarning(e, "Evicting {Tags} from the output cache failed (attempt {Attempt}); trying again", tags, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), CancellationToken.None);
            }
            catch (Exception e)
            {
                // The write is committed and must be answered; entries then live at most Cache:ServerSeconds.
                logger.LogError(e, "Evicting {Tags} from the output cache failed", tags);
                return;
            }
        }
    }
}
