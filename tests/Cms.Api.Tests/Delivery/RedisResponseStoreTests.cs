using System.Buffers;
using System.Text;
using Cms.Api.Delivery;
using Cms.Api.Tests.Infrastructure;
using StackExchange.Redis;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// The Redis store on a real redis-server of the test's own: the epoch check and the store are one step
/// on the server, eviction by tag removes exactly the entries of that tag, and entries expire.
/// </summary>
public sealed class RedisResponseStoreTests : IAsyncLifetime
{
    private string _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private RedisResponseStore _store = null!;
    private RedisContentEpoch _epoch = null!;

    public async Task InitializeAsync()
    {
        _server = await TestRedis.StartOwnAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_server);
        _store = new RedisResponseStore(_redis);
        _epoch = new RedisContentEpoch(_redis, new CacheFailures(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CacheFailures>.Instance, TimeProvider.System));
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await TestRedis.ShutdownAsync(_server);
    }

    [Fact]
    public async Task A_response_read_before_the_epoch_moved_is_not_stored()
    {
        var read = (await _epoch.ReadAsync())!.Value;
        await _epoch.MoveAsync(); // a write on another replica, after this request read its epoch

        var stored = await Set("article-page", read, "article:1", "lists");

        Assert.False(stored);
        Assert.Null(await _store.GetAsync("article-page", default));
        Assert.False(await _redis.GetDatabase().KeyExistsAsync("cms:oc-tag:article:1"));
    }

    [Fact]
    public async Task A_response_read_at_the_current_epoch_is_stored_and_served()
    {
        var read = (await _epoch.ReadAsync())!.Value;

        Assert.True(await Set("front-page", read, "lists"));

        Assert.Equal("body of front-page", Encoding.UTF8.GetString((await _store.GetAsync("front-page", default))!));
        var pipe = new System.IO.Pipelines.Pipe();
        Assert.True(await _store.TryGetAsync("front-page", pipe.Writer, default));
        await pipe.Writer.CompleteAsync();
        var written = await pipe.Reader.ReadAsync();
        Assert.Equal("body of front-page", Encoding.UTF8.GetString(written.Buffer.ToArray()));
    }

    [Fact]
    public async Task Evicting_a_tag_removes_its_entries_and_no_others()
    {
        var read = (await _epoch.ReadAsync())!.Value;
        await Set("one", read, "article:1", "lists");
        await Set("two", read, "article:2", "lists");
        await Set("three", read, "article:3");

        await _store.EvictByTagAsync("lists", default);

        Assert.Null(await _store.GetAsync("one", default));
        Assert.Null(await _store.GetAsync("two", default));
        Assert.NotNull(await _store.GetAsync("three", default));
        await _store.EvictByTagAsync("article:3", default);
        Assert.Null(await _store.GetAsync("three", default));
    }

    [Fact]
    public async Task An_entry_and_its_tag_sets_expire_with_its_lifetime()
    {
        var read = (await _epoch.ReadAsync())!.Value;
        await Set("short", read, TimeSpan.FromMilliseconds(300), "tag:short");
        Assert.NotNull(await _store.GetAsync("short", default));
        var tagLife = await _redis.GetDatabase().KeyTimeToLiveAsync("cms:oc-tag:tag:short");
        Assert.NotNull(tagLife);
        Assert.True(tagLife <= TimeSpan.FromMilliseconds(300), $"the tag set lives {tagLife}");

        await Task.Delay(TimeSpan.FromMilliseconds(600));

        Assert.Null(await _store.GetAsync("short", default));
        Assert.False(await _redis.GetDatabase().KeyExistsAsync("cms:oc-tag:tag:short"));
    }

    private ValueTask<bool> Set(string key, long epoch, params string[] tags) => Set(key, epoch, TimeSpan.FromMinutes(1), tags);

    private ValueTask<bool> Set(string key, long epoch, TimeSpan lifetime, params string[] tags) =>
        _store.SetIfEpochAsync(epoch, key, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($"body of {key}")), tags, lifetime, default);
}
