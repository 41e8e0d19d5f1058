using Cms.Api.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// Totals are counted once per change. Requests that miss at the same moment (the first ones after a
/// write, under load) share the one count rather than each counting the same rows.
/// </summary>
public abstract class TotalCountsTests(CmsFactory factory)
{
    private const int Requests = 8;

    [Fact]
    public async Task Requests_that_miss_together_share_one_count()
    {
        var (counts, key) = Start();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var counted = 0;

        var requests = Enumerable.Range(0, Requests).Select(_ => Task.Run(() => Get(counts, key, async () =>
        {
            Interlocked.Increment(ref counted);
            return await release.Task;
        }))).ToList();
        // What is checked is that nothing happens (no second count): there is no event to await.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var countedWhileWaiting = Volatile.Read(ref counted);
        release.SetResult(42);
        var totals = await Task.WhenAll(requests);

        Assert.Equal(1, countedWhileWaiting);
        Assert.All(totals, total => Assert.Equal(42, total));
        Assert.Equal(1, counted);
    }

    private (TotalCounts Counts, string Key) Start()
    {
        _ = factory.CreateClient(); // starts the app
        return (factory.Services.GetRequiredService<TotalCounts>(), $"test|{Guid.NewGuid()}");
    }

    /// <summary>One request's look-up of the total, with its own services as a request has.</summary>
    private static async Task<int> Get(TotalCounts counts, string key, Func<Task<int>> count)
    {
        await Task.Yield();
        return await counts.GetAsync(key, _ => count(), CancellationToken.None);
    }
}

public sealed class TotalCountsTestsOnSqlite(SqliteCmsFactory factory) : TotalCountsTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class TotalCountsTestsOnPostgres(PostgresCmsFactory factory) : TotalCountsTests(factory), IClassFixture<PostgresCmsFactory>;
