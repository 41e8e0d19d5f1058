using System.Collections.Concurrent;
using System.Buffers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.IO;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Delivery;

/// <summary>
/// Joins concurrent cache misses of one URL into one database read. When a story breaks, or an edit has
/// just evicted the front page, every connection misses the same entry at once; without this, each of
/// them reads the database and builds the same response (64 connections: 64 reads, and 64 responses' worth
/// of memory held at once).
/// <para>
/// A miss joins a read already under way only when both noted the same content epoch before reading
/// (see <see cref="IContentEpoch"/>). That is what makes the shared response fresh enough for the joiner:
/// a write moves the epoch after it commits and before its 200 goes out, so if the joiner's epoch is the
/// reader's, every write answered before the joiner arrived had moved the epoch before the reader noted
/// it, and the reader's database read came after that write's commit. A request that arrives after an
/// edit has a new epoch and reads for itself (this is why the output cache's own locking, which joins by
/// URL alone, stays off). A scheduled story is covered the same way: the first request after its minute
/// evicts the lists (<see cref="ScheduledPublications.CatchUpAsync"/>), which moves the epoch.
/// </para>
/// Only anonymous GETs the output cache would store, without conditional headers (their answer may be a
/// 304), take part; only a 200 is shared. A joiner does not store the response again (the reader does,
/// with its tags); when the reader fails or is cancelled, each joiner reads for itself.
/// </summary>
public sealed class MissCoalescing
{
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);
    private long _joined;
    private int _joining;

    /// <summary>How many misses have been answered by another request's read, since the start.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>How many misses are waiting for another request's read now.</summary>
    public int Joining => Volatile.Read(ref _joining);

    private sealed class Flight
    {
        public readonly TaskCompletionSource<Shared?> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Waiting;
    }

    private sealed record Shared(KeyValuePair<string, StringValues>[] Headers, byte[] Body);

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        // Inside the ETags (DeliverySetup), whose buffer holds the whole body: the reader's body is read from there.
        if (KeyOf(http) is not { } key || http.Response.Body is not RecyclableMemoryStream body)
        {
            await next(http);
            return;
        }
        var mine = new Flight();
        var flight = _flights.GetOrAdd(key, mine);
        if (flight != mine)
        {
            Interlocked.Increment(ref flight.Waiting);
            Shared? shared;
            Interlocked.Increment(ref _joining);
            try
            {
                shared = await flight.Done.Task.WaitAsync(http.RequestAborted);
            }
            finally
            {
                Interlocked.Decrement(ref _joining);
            }
            if (shared is not null)
            {
                Interlocked.Increment(ref _joined);
                await ServeAsync(http, shared);
                return;
            }
            await next(http);
            return;
        }
        Shared? result = null;
        try
        {
            result = await ReadAsync(http, next, key, mine, body);
        }
        finally
        {
            mine.Done.TrySetResult(result);
        }
    }

    private async Task<Shared?> ReadAsync(HttpContext http, RequestDelegate next, string key, Flight flight,
        RecyclableMemoryStream body)
    {
        try
        {
            await next(http);
        }
        finally
        {
            // No one joins a finished read: whoever comes now has the store to look in, or reads for itself.
            _flights.TryRemove(KeyValuePair.Create(key, flight));
        }
        // Copied only when someone is waiting for it.
        return http.Response.StatusCode == StatusCodes.Status200OK && Volatile.Read(ref flight.Waiting) > 0
            ? new Shared([.. http.Response.Headers], body.GetReadOnlySequence().ToArray())
            : null;
    }

    private static async Task ServeAsync(HttpContext http, Shared shared)
    {
        // The reader has stored it (or found it may not): a joiner's copy would be stored again without its tags.
        if (http.Features.Get<IOutputCacheFeature>()?.Context is { } context)
        {
            context.AllowCacheStorage = false;
        }
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in shared.Headers)
        {
            response.Headers[name] = value;
        }
        await response.Body.WriteAsync(shared.Body, http.RequestAborted);
    }

    /// <summary>What a request may share a read by: its epoch and its URL; null when it may not share one.</summary>
    private static string? KeyOf(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || http.Items[ContentCachePolicy.EpochItem] is not long epoch
            || request.Headers.ContainsKey(HeaderNames.IfNoneMatch) || request.Headers.ContainsKey(HeaderNames.IfModifiedSince)
            || http.Features.Get<IOutputCacheFeature>()?.Context is not { AllowCacheStorage: true })
        {
            return null;
        }
        return string.Concat(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), " ", request.Host.Value,
            request.PathBase.Value, request.Path.Value, request.QueryString.Value);
    }
}
