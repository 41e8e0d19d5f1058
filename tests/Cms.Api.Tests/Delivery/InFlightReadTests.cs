using System.Net;
using Cms.Api.Delivery;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OutputCaching;
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
            // The first registration is the framework's memory store; the app's own (the epoch-checked
            // decorator) is the last one: keep that decorator, with the gate between it and the memory.
            var memory = services.First(d => d.ServiceType == typeof(IOutputCacheStore));
            services.AddSingleton<IOutputCacheStore>(provider => new EpochCheckedStore(
                new GatedStore((IOutputCacheStore)memory.ImplementationFactory!(provider), Gate),
                provider.GetRequiredService<IContentEpoch>(), provider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(),
                provider.GetRequiredService<CacheFailures>()));
        });
    }
}

public sealed class StoreGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
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

    public async Task PassAsync(string key)
    {
        if (_marker is { } marker && key.Contains(marker, StringComparison.OrdinalIgnoreCase)
            && Interlocked.Exchange(ref _marker, null) is not null)
        {
            _entered.TrySetResult();
            await _released.Task;
        }
    }
}

internal sealed class GatedStore(IOutputCacheStore inner, StoreGate gate) : IOutputCacheStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        gate.CheckEviction();
        return inner.EvictByTagAsync(tag, cancellationToken);
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        await gate.PassAsync(key);
        await inner.SetAsync(key, value, tags, validFor, cancellationToken);
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
