using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Cms.Api.Delivery;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// The app with its output cache store gated: the first response stored for a marked URL waits in the
/// store until the test lets it go, as a slow store would under load; evictions can be made to fail.
/// </summary>
public sealed class GatedStoreFactory : SqliteCmsFactory
{
    public StoreGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            // The app's response store, with the gate in front of it: a response waits before its store (and the
            // store's epoch check), as a slow store would under load.
            var store = services.Last(d => d.ServiceType == typeof(IResponseStore));
            services.AddSingleton<IResponseStore>(provider => new GatedStore((IResponseStore)store.ImplementationFactory!(provider), Gate));
        });
    }
}

public sealed class StoreGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _marker;

    private int _failingEvictions;

    public void Arm(string marker) => _marker = marker;

    /// <summary>The next <paramref name="count"/> evictions fail, as they would while Redis times out.</summary>
    public void FailEvictions(int count) => _failingEvictions = count;

    public void CheckEviction()
    {
        if (Interlocked.Decrement(ref _failingEvictions) >= 0)
        {
            throw new TimeoutException("The store did not answer in time (a test's fault).");
        }
    }

    public Task Entered => _entered.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Whether the store kept the held response, once it has decided.</summary>
    public Task<bool> Stored => _stored.Task;

    public void Decided(bool stored) => _stored.TrySetResult(stored);

    /// <summary>Holds the first store of a marked URL until <see cref="Release"/>; true when this was that store.</summary>
    public async Task<bool> PassAsync(string key)
    {
        if (_marker is { } marker && key.Contains(marker, StringComparison.OrdinalIgnoreCase)
            && Interlocked.Exchange(ref _marker, null) is not null)
        {
            _entered.TrySetResult();
            await _released.Task;
            return true;
        }
        return false;
    }
}

internal sealed class GatedStore(IResponseStore inner, StoreGate gate) : IResponseStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        gate.CheckEviction();
        return inner.EvictByTagAsync(tag, cancellationToken);
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken) =>
        inner.TryGetAsync(key, destination, cancellationToken);

    public async ValueTask<bool> SetIfEpochAsync(long epoch, string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags,
        TimeSpan validFor, CancellationToken cancellationToken)
    {
        var held = await gate.PassAsync(key);
        var stored = await inner.SetIfEpochAsync(epoch, key, value, tags, validFor, cancellationToken);
        if (held)
        {
            gate.Decided(stored);
        }
        return stored;
    }
}

/// <summary>
/// A read that began before an edit may finish after it; a read that begins after the editor saw 200
/// must get the edit, even while the older read of the same URL is still being stored.
/// </summary>
public sealed class InFlightReadTests(GatedStoreFactory factory) : IClassFixture<GatedStoreFactory>
{
    [Fact]
    public async Task A_read_that_begins_after_an_edit_does_not_get_the_response_of_a_read_still_in_flight()
    {
        var editor = factory.CreateClient();
        var article = await editor.PublishArticle("Sebelum Disunting");
        var url = $"/api/v1/articles/{article["id"]}";
        factory.Gate.Arm((string)article["id"]!);

        // The first reader has read the old version and is storing it: its checks of the epoch are behind it.
        var first = factory.CreateAnonymousClient().GetAsync(url);
        await factory.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var current = await editor.GetAsync(url);
        await (await editor.Patch(url, new { title = "Sesudah Disunting" }, current.ETag())).Expect(HttpStatusCode.OK);

        // The second reader comes after the editor's 200, while the first is still in the store.
        var second = factory.CreateAnonymousClient().GetAsync(url);
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(5))) == second;
        factory.Gate.Release();
        var seen = (await (await second).Expect(HttpStatusCode.OK)).ToJsonString();
        await first;
        Assert.False(await factory.Gate.Stored.WaitAsync(TimeSpan.FromSeconds(10)), "the old version was stored after the edit");

        Assert.True(finished, "the second read waited for the first one instead of reading for itself");
        Assert.Contains("Sesudah Disunting", seen);
        // And what the first reader stored late is not served afterwards.
        var later = (await (await factory.CreateAnonymousClient().GetAsync(url)).Expect(HttpStatusCode.OK)).ToJsonString();
        Assert.Contains("Sesudah Disunting", later);
    }

    [Fact]
    public async Task An_eviction_that_fails_once_is_tried_again_before_the_editor_gets_200()
    {
        var editor = factory.CreateClient();
        var reader = factory.CreateAnonymousClient();
        var article = await editor.PublishArticle("Judul Pertama");
        var url = $"/api/v1/articles/{article["id"]}";
        await reader.GetAsync(url);
        Assert.NotNull((await reader.GetAsync(url)).Headers.Age); // cached

        factory.Gate.FailEvictions(1);
        var current = await editor.GetAsync(url);
        await (await editor.Patch(url, new { title = "Judul Kedua" }, current.ETag())).Expect(HttpStatusCode.OK);

        Assert.Contains("Judul Kedua", (await (await reader.GetAsync(url)).Expect(HttpStatusCode.OK)).ToJsonString());
    }
}
