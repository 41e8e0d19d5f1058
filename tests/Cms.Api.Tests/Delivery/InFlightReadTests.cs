using System.Net;
using Cms.Api.Delivery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// The app with its output cache store gated: the first response stored for a marked URL waits in the
/// store until the test lets it go, as a slow store would under load.
/// </summary>
public sealed class GatedStoreFactory : SqliteCmsFactory
{
    public StoreGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            // The app's output cache store, with the gate in front of it: a response waits before its store, as a
            // slow store would under load.
            StoreGate.Install(services, Gate);
        });
    }
}

public sealed class StoreGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _marker;

    /// <summary>Puts the gate in front of the app's output cache store.</summary>
    public static void Install(IServiceCollection services, StoreGate gate)
    {
        var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.AddSingleton<IOutputCacheStore>(provider => new GatedStore((IOutputCacheStore)store.ImplementationFactory!(provider), gate));
    }

    public void Arm(string marker) => _marker = marker;

    public Task Entered => _entered.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Done once the held response has been written to the store.</summary>
    public Task Stored => _stored.Task;

    public void Done() => _stored.TrySetResult();

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

internal sealed class GatedStore(IOutputCacheStore inner, StoreGate gate) : IOutputCacheStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var held = await gate.PassAsync(key);
        await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        if (held)
        {
            gate.Done();
        }
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
        await factory.Gate.Stored.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(finished, "the second read waited for the first one instead of reading for itself");
        Assert.Contains("Sesudah Disunting", seen);
        // And what the first reader stored late is not served afterwards.
        var later = (await (await factory.CreateAnonymousClient().GetAsync(url)).Expect(HttpStatusCode.OK)).ToJsonString();
        Assert.Contains("Sesudah Disunting", later);
    }
}
