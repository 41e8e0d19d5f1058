using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// Evicts output cache tags: first moves the content epoch (so reads already under way do not store
/// what they read), then evicts, then evicts once more a moment later for a read that checked the
/// epoch just before it moved and stored just after the first eviction.
/// </summary>
public sealed class CacheEviction(IOutputCacheStore store, IContentEpoch epoch, IServiceProvider services, ILogger<CacheEviction> logger)
{
    public static readonly TimeSpan SecondPass = TimeSpan.FromSeconds(2);

    public async Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken ct)
    {
        services.GetRequiredService<ScheduledPublications>().Forget();
        try
        {
            await epoch.MoveAsync();
            foreach (var tag in tags)
            {
                await store.EvictByTagAsync(tag, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // The write is committed and must be answered; entries then live at most Cache:ServerSeconds.
            logger.LogError(e, "Evicting {Tags} from the output cache failed", tags);
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(SecondPass, CancellationToken.None);
                foreach (var tag in tags)
                {
                    await store.EvictByTagAsync(tag, CancellationToken.None);
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "Second eviction of {Tags} failed", tags);
            }
        }, CancellationToken.None);
    }
}
