using Microsoft.AspNetCore.OutputCaching;

namespace Cms.Api.Delivery;

/// <summary>
/// Evicts output cache tags: first moves the content epoch (so reads already under way do not keep
/// what they read: see <see cref="ContentCachePolicy"/> and <see cref="EpochCheckedStore"/>), then evicts.
/// </summary>
public sealed class CacheEviction(IOutputCacheStore store, IContentEpoch epoch, IServiceProvider services, ILogger<CacheEviction> logger)
{
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
        }
    }
}
