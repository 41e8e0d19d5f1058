namespace Cms.Api.Articles.Live;

/// <summary>Live coverage's settings (section <c>Live</c>; docs/live.md).</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How many of the newest updates a live story's read carries (and its JSON-LD), 0 to 100.</summary>
    public int UpdatesInArticle { get; set; } = 10;

    /// <summary>How many of the newest updates a live story's feed item carries; 0 (the default): none.</summary>
    public int UpdatesInFeeds { get; set; }

    /// <summary>Seconds between the stream's <c>: ping</c> comments (proxies close idle connections).</summary>
    public int PingSeconds { get; set; } = 30;

    /// <summary>The <c>retry:</c> hint the stream gives, in milliseconds: how long a client waits to reconnect.</summary>
    public int RetryMilliseconds { get; set; } = 3000;

    /// <summary>Open streams one client address may hold on one replica; 429 beyond.</summary>
    public int StreamsPerAddress { get; set; } = 20;

    /// <summary>Events a stream may fall behind by before it is closed (the client reconnects with Last-Event-ID and catches up).</summary>
    public int StreamBacklog { get; set; } = 1000;
}
