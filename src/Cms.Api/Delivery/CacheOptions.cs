namespace Cms.Api.Delivery;

/// <summary>
/// The <c>Cache</c> configuration section: HTTP caching headers and the server's output cache (its Redis, shared by
/// replicas, is the platform's: <see cref="Infrastructure.SharedRedisOptions"/>).
/// </summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>Serve anonymous GETs from the output cache (set false to measure or debug cold reads).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the server keeps an entry when nothing evicts it sooner, in seconds.</summary>
    public int ServerSeconds { get; set; } = 300;

    /// <summary>
    /// Memory the in-process output cache may use, in megabytes. The answers for 18,000 stories
    /// take about 160 MB; the framework's default (64) holds a fraction of them.
    /// </summary>
    public int MemoryMegabytes { get; set; } = 256;

    /// <summary><c>max-age</c> of anonymous responses: how long a CDN or browser may reuse them unasked.</summary>
    public int MaxAgeSeconds { get; set; } = 10;

    /// <summary><c>stale-while-revalidate</c> of anonymous responses: how long after that a CDN may serve
    /// the old copy while it fetches the new one.</summary>
    public int StaleWhileRevalidateSeconds { get; set; } = 60;
}
