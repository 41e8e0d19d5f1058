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
            .ValidateOnStart();
        services.AddSingleton<IMediaStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MediaOptions>>().Value;
            return options.Store == MediaStoreKind.S3
                ? new S3MediaStore(S3MediaStore.Client(options.S3), options.S3.Bucket)
                : new FileSystemMediaStore(Path.Combine(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, options.Folder));
        });
        services.AddSingleton<ImageWork>();
        services.AddSingleton<Variants>();
        services.AddScoped<IValidator<AssetWrite>, AssetWriteValidator>();
        return services;
    }
}

/// <summary>
/// Decoding and encoding images is the heavy work: at most <see cref="MediaOptions.ImageWorkers"/> at once, and at
/// most <see cref="MediaOptions.ImageQueue"/> waiting; past that the answer is 503 with Retry-After, never a process
/// that runs out of memory.
/// </summary>
public sealed class ImageWork(IOptions<MediaOptions> options)
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.ImageWorkers,
        QueueLimit = options.Value.ImageQueue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new RequestProblemException(503, ErrorCodes.ServerBusy, "Too many images are being processed. Retry shortly.");
        }
        return await Task.Run(work, cancellationToken);
    }
}
