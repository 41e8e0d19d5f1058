using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>
/// What a request's code sees as <see cref="HttpContext.RequestAborted"/>: the client's abort, acted on only
/// when the request is still running <see cref="DatabaseOptions.ClientAbortGraceMilliseconds"/> later, and
/// then on a thread of its own.
/// <para>
/// Why: Npgsql cancels a running command by opening a second connection to the server and waiting on it
/// synchronously, on the thread that cancels the token (npgsql/npgsql#3696, #5070); while it does, the
/// command's own thread waits for that cancellation to finish. Kestrel cancels the token of a request whose
/// client went away on a thread pool thread, so every client that leaves during a database read takes pool
/// threads, and a few dozen leaving at once (a load test's end, a mobile network dropping) left two cores
/// idle and every request of the server, /health/live too, unanswered for one to two seconds (measured; see
/// the README's Benchmarks). A read here takes milliseconds: letting it finish costs less than cancelling it.
/// One that is still running after the grace period is cancelled, one at a time, off the thread pool.
/// </para>
/// </summary>
public sealed class ClientAborts : IDisposable
{
    private readonly BlockingCollection<CancellationTokenSource> _due = new();
    private readonly Thread _canceller;

    public ClientAborts(IOptions<DatabaseOptions> options)
    {
        Grace = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.ClientAbortGraceMilliseconds));
        _canceller = new Thread(CancelDue) { IsBackground = true, Name = "Cms client aborts" };
        _canceller.Start();
    }

    /// <summary>How long a request goes on after its client went away before its token is cancelled.</summary>
    public TimeSpan Grace { get; }

    /// <summary>For the pipeline: every request that passes here sees the deferred token from then on.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Features.Get<IHttpRequestLifetimeFeature>() is not { } client)
        {
            await next(http);
            return;
        }
        var lifetime = new Lifetime(client, this);
        http.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        try
        {
            await next(http);
        }
        finally
        {
            lifetime.End();
            http.Features.Set(client);
        }
    }

    public void Dispose() => _due.CompleteAdding();

    private void CancelDue()
    {
        foreach (var source in _due.GetConsumingEnumerable())
        {
            try
            {
                source.Cancel();
            }
            catch (Exception)
            {
                // A callback's failure belongs to a request whose client is gone: there is no one to tell.
            }
        }
    }

    private void Enqueue(CancellationTokenSource source)
    {
        try
        {
            _due.Add(source);
        }
        catch (InvalidOperationException)
        {
            // Shutting down: the host cancels what is left.
        }
    }

    private sealed class Lifetime(IHttpRequestLifetimeFeature client, ClientAborts owner) : IHttpRequestLifetimeFeature
    {
        private CancellationTokenSource? _source;
        private CancellationToken? _replaced;
        private CancellationTokenRegistration _onClientGone;
        private int _ended;

        public CancellationToken RequestAborted
        {
            // Made when first asked for: a request that never reads it (a health check) makes no token source and
            // registers nothing on Kestrel's token; it pays for this object alone.
            get => _replaced ?? (Volatile.Read(ref _source) ?? Start()).Token;
            set => _replaced = value;
        }

        public void Abort() => client.Abort();

        private CancellationTokenSource Start()
        {
            var source = new CancellationTokenSource();
            if (Interlocked.CompareExchange(ref _source, source, null) is { } first)
            {
                return first;
            }
            _onClientGone = client.RequestAborted.UnsafeRegister(static s => ((Lifetime)s!).ClientGone(), this);
            return source;
        }

        private void ClientGone() => _ = CancelAfterGraceAsync();

        private async Task CancelAfterGraceAsync()
        {
            await Task.Delay(owner.Grace);
            if (Volatile.Read(ref _ended) == 0)
            {
                owner.Enqueue(_source!);
            }
        }

        /// <summary>
        /// At the request's end, before Kestrel reuses its token for the connection's next request. The source
        /// is not disposed: a cancellation already queued for it may still run, and then finds nothing registered.
        /// </summary>
        public void End()
        {
            Volatile.Write(ref _ended, 1);
            _onClientGone.Dispose();
        }
    }
}
