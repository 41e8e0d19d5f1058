namespace Cms.Api.Infrastructure;

/// <summary>The <c>RateLimits</c> configuration section: requests per window; 0 for no limit.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The window every budget counts in, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Reads without a key, per client address. None by default: a CDN in front sends every reader through a few
    /// addresses, and the output cache answers most reads before they cost anything.
    /// </summary>
    public int AnonymousReads { get; set; }

    /// <summary>Reads with a key, per key. None by default: a frontend that reads with a key carries all its readers.</summary>
    public int KeyReads { get; set; }

    /// <summary>
    /// Writes without a key, per client address: the only one that succeeds is a batch of views (<c>POST /views</c>),
    /// which every reader's page sends. Many readers share an address behind a carrier's NAT, hence the room.
    /// </summary>
    public int AnonymousWrites { get; set; } = 600;

    /// <summary>Writes (any method but GET, HEAD and OPTIONS), per key.</summary>
    public int Writes { get; set; } = 600;

    /// <summary>
    /// Requests whose key matched none or had expired, failed sign-ins and wrong password-link tokens, per client address:
    /// guessing keys and passwords stops here.
    /// </summary>
    public int FailedKeys { get; set; } = 10;
}

/// <summary>The budgets a request can spend, named as in the RateLimit headers and the 429 problem's <c>policy</c>.</summary>
public enum RateLimitPolicy
{
    AnonymousReads,
    AnonymousWrites,
    KeyReads,
    Writes,
    FailedKeys,

    /// <summary>Open event streams per client address on one replica (<c>Live:StreamsPerAddress</c>), held while open.</summary>
    Streams,
}
