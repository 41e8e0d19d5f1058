using System.Threading.RateLimiting;
using Cms.Api.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Cms.Api.Media;

public static class MediaSetup
{
    public static IServiceCollection AddCmsMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .Validate(o => o.Presets.All(p => p.Key.Length is > 0 and <= 40 && p.Key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
                    && p.Value.Width is > 0 and <= 8192 && p.Value.Height is null or (> 0 and <= 8192)),
                "Media:Presets: names of lowercase letters, digits and _, widths and heights 1 to 8192.")
            .Validate(o => o.PublicBaseUrl is null || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri)
                    && uri.Scheme is "http" or "https" && uri.Query.Length == 0),
                "Media:PublicBaseUrl: an absolute http(s) URL without a query, e.g. https://media.example.id.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<MediaUrls>();
        services.AddSingleton<IMediaStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MediaOptions>>().Value;
            return options.Store == MediaStoreKind.S3
                ? new S3MediaStore(S3MediaStore.Client(options.S3), options.S3.Bucket)
                : new FileSystemMediaStore(Path.Combine(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, options.Folder));
        });
        services.AddSingleton<ImageWork>();
        services.AddSingleton<Variants>();
        services.AddProblemExtension<int>("articleCount", ProblemDescriptions.ArticleCount);
        services.AddProblemExtension<int>("authorCount", "On 409 asset_in_use: how many authors have the asset as their avatar.");
        return services;
    }
}

/// <summary>
/// Decoding and encoding images is the heavy work: at most <see cref="MediaOptions.ImageWorkers"/> at once, and at
/// most <see cref="MediaOptions.ImageQueue"/> waiting; past that the answer is 503 with Retry-After, never a process
/// that runs out of memory. Most work streams (a sequential decode, a shrink-on-load thumbnail); an image decoded
/// whole (a photo turned upright) also takes its size from <see cref="MediaOptions.ImageMemory"/>, and waits, holding
/// its worker, until that much is free; one larger than all of it runs alone.
/// </summary>
public sealed class ImageWork
{
    private const int Megabyte = 1024 * 1024;
    private readonly ConcurrencyLimiter _workers;
    private readonly ConcurrencyLimiter _memory;
    private readonly int _memoryLimit;

    public ImageWork(IOptions<MediaOptions> options, Infrastructure.CmsMetrics metrics)
    {
        _workers = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.ImageWorkers,
            QueueLimit = options.Value.ImageQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _memoryLimit = Megabytes(options.Value.ImageMemory);
        _memory = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _memoryLimit,
            // Only a job holding a worker waits here, so at most ImageWorkers do.
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var workers = options.Value.ImageWorkers;
        metrics.Meter.CreateObservableGauge("cms.images.in_progress",
            () => workers - (_workers.GetStatistics()?.CurrentAvailablePermits ?? workers), "{image}",
            "Uploads and variants being decoded or encoded now.");
        metrics.Meter.CreateObservableGauge("cms.images.queued",
            () => _workers.GetStatistics()?.CurrentQueuedCount ?? 0, "{image}",
            "Image work waiting for a worker; past Media:ImageQueue it is refused with 503 server_busy.");
    }

    /// <summary>Megabytes asked for by jobs that hold a worker and wait to decode whole (for tests and diagnostics).</summary>
    public long MegabytesWaitedFor => _memory.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <param name="wholeDecodeBytes">What decoding the image whole takes (<see cref="UploadHeader.WholeDecodeBytes"/>); 0 when it streams.</param>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken, long wholeDecodeBytes = 0)
    {
        using var lease = await _workers.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new RequestProblemException(503, ErrorCodes.ServerBusy, "Too many images are being processed. Retry shortly.");
        }
        using var memory = wholeDecodeBytes > 0
            ? await _memory.AcquireAsync(Math.Min(_memoryLimit, Megabytes(wholeDecodeBytes)), cancellationToken)
            : null;
        return await Task.Run(work, cancellationToken);
    }

    private static int Megabytes(long bytes) => (int)Math.Clamp((bytes + Megabyte - 1) / Megabyte, 1, int.MaxValue);
}
