using System.Data.Common;
using System.Net;
using Cms.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Delivery;

/// <summary>
/// The app with a gate in front of the database: the first command that carries a marked parameter (a slug)
/// waits until the test lets it go, as a slow read would under load; every command with the marker is counted.
/// </summary>
public interface IGatedReads
{
    ReadGate Gate { get; }
}

public sealed class SqliteGatedReadFactory : SqliteCmsFactory, IGatedReads
{
    public ReadGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Gate.Install(builder);
    }
}

public sealed class PostgresGatedReadFactory : PostgresCmsFactory, IGatedReads
{
    public ReadGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Gate.Install(builder);
    }
}

public sealed class ReadGate : DbCommandInterceptor
{
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _marker;
    private string? _held;
    private int _reads;
    private int _finished;

    public void Install(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
        services.ConfigureDbContext<CmsDbContext>(options => options.AddInterceptors(this)));

    /// <summary>Holds the next read of <paramref name="marker"/>, and counts its reads from now.</summary>
    public void Arm(string marker)
    {
        _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _reads = 0;
        _finished = 0;
        HeldToken = default;
        _held = marker;
        _marker = marker;
    }

    public Task Entered => _entered.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>How many commands have read the marked value since <see cref="Arm"/>.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>How many commands that read the marked value have returned their rows since <see cref="Arm"/>.</summary>
    public int Finished => Volatile.Read(ref _finished);

    /// <summary>The cancellation token the held command was given.</summary>
    public CancellationToken HeldToken { get; private set; }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (_held is { } held && command.Parameters.Cast<DbParameter>().Any(p => p.Value as string == held))
        {
            Interlocked.Increment(ref _reads);
            if (Interlocked.Exchange(ref _marker, null) is not null)
            {
                HeldToken = cancellationToken;
                _entered.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }
        }
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (_held is { } held && command.Parameters.Cast<DbParameter>().Any(p => p.Value as string == held))
        {
            Interlocked.Increment(ref _finished);
        }
        return ValueTask.FromResult(result);
    }
}

/// <summary>
/// Concurrent misses of one URL share one database read (the output cache's own locking), but only with a read
/// under the same content epoch: a miss that comes after an edit has a newer cache key and reads for itself.
/// A read is not cancelled when its client goes away, so those waiting for it still get it.
/// </summary>
public abstract class MissCoalescingTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IGatedReads
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time for requests just sent to reach the database if they are going to. What is checked is that they do not,
    /// and there is no event for a thing that does not happen.
    /// </summary>
    private static Task Settle() => Task.Delay(TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task Misses_of_one_url_at_once_share_one_database_read()
    {
        var article = await factory.CreateClient().PublishArticle(Http.Unique("Banjir Jakarta"));
        var url = $"/api/v1/articles/slug/{article["slug"]}";
        factory.Gate.Arm((string)article["slug"]!);

        var first = factory.CreateAnonymousClient().GetAsync(url);
        await factory.Gate.Entered.WaitAsync(Patience);
        var others = Enumerable.Range(0, 5).Select(_ => factory.CreateAnonymousClient().GetAsync(url)).ToList();
        await Settle();
        Assert.Equal(1, factory.Gate.Reads);
        factory.Gate.Release();

        var responses = await Task.WhenAll(others.Prepend(first));
        var bodies = new List<string>();
        foreach (var response in responses)
        {
            bodies.Add((await response.Expect(HttpStatusCode.OK)).ToJsonString());
            Assert.Equal(responses[0].ETag(), response.ETag());
            Assert.StartsWith("public", response.Headers.CacheControl?.ToString());
        }
        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
        Assert.Contains((string)article["title"]!, bodies[0]);
        Assert.Equal(1, factory.Gate.Reads);

        var next = await factory.CreateAnonymousClient().GetAsync(url);
        Assert.Equal(bodies[0], (await next.Expect(HttpStatusCode.OK)).ToJsonString());
        Assert.NotNull(next.Headers.Age);
        Assert.Equal(1, factory.Gate.Reads);
    }

    [Fact]
    public async Task A_miss_after_an_edit_does_not_join_a_read_that_began_before_it()
    {
        var editor = factory.CreateClient();
        var article = await editor.PublishArticle(Http.Unique("Sebelum Disunting"));
        var url = $"/api/v1/articles/slug/{article["slug"]}";
        factory.Gate.Arm((string)article["slug"]!);

        var first = factory.CreateAnonymousClient().GetAsync(url);
        await factory.Gate.Entered.WaitAsync(Patience);
        var byId = $"/api/v1/articles/{article["id"]}";
        var current = await editor.GetAsync(byId);
        await (await editor.Patch(byId, new { title = "Sesudah Disunting" }, current.ETag())).Expect(HttpStatusCode.OK);

        // The first read is still held; a reader who comes after the editor's 200 must not wait for it.
        var second = factory.CreateAnonymousClient().GetAsync(url);
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(5))) == second;
        factory.Gate.Release();
        var seen = (await (await second).Expect(HttpStatusCode.OK)).ToJsonString();
        await (await first).Expect(HttpStatusCode.OK);

        Assert.True(finished, "the miss after the edit waited for the read that began before it");
        Assert.Contains("Sesudah Disunting", seen);
        var later = (await (await factory.CreateAnonymousClient().GetAsync(url)).Expect(HttpStatusCode.OK)).ToJsonString();
        Assert.Contains("Sesudah Disunting", later);
    }

    [Fact]
    public async Task A_read_whose_client_leaves_is_not_cancelled_and_those_waiting_get_it()
    {
        var article = await factory.CreateClient().PublishArticle(Http.Unique("Gempa Cianjur"));
        var url = $"/api/v1/articles/slug/{article["slug"]}";
        factory.Gate.Arm((string)article["slug"]!);

        using var leaving = new CancellationTokenSource();
        var first = factory.CreateAnonymousClient().GetAsync(url, leaving.Token);
        await factory.Gate.Entered.WaitAsync(Patience);
        Assert.False(factory.Gate.HeldToken.CanBeCanceled, "a read's database command can be cancelled by its client");
        var others = Enumerable.Range(0, 3).Select(_ => factory.CreateAnonymousClient().GetAsync(url)).ToList();
        // The others wait on the first read's lock before its client leaves: on a busy machine, one that arrived after
        // the first had ended (stored nothing, its client gone) read for itself (a clean-clone CI run, 2026-12-07).
        await Settle();
        Assert.Equal(1, factory.Gate.Reads);
        await leaving.CancelAsync();
        // Released before the cancelled client is awaited: the test server may finish that client only with its request.
        factory.Gate.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Patience));

        foreach (var response in await Task.WhenAll(others).WaitAsync(Patience))
        {
            Assert.Contains((string)article["title"]!, (await response.Expect(HttpStatusCode.OK)).ToJsonString());
        }
        Assert.Equal(1, factory.Gate.Finished);
    }

    [Fact]
    public async Task Only_a_200_is_shared_a_404_is_each_miss_own()
    {
        var slug = $"belum-ada-{Guid.NewGuid():N}";
        var url = $"/api/v1/articles/slug/{slug}";
        factory.Gate.Arm(slug);

        var first = factory.CreateAnonymousClient().GetAsync(url);
        await factory.Gate.Entered.WaitAsync(Patience);
        var others = Enumerable.Range(0, 3).Select(_ => factory.CreateAnonymousClient().GetAsync(url)).ToList();
        await Settle();
        factory.Gate.Release();

        foreach (var response in await Task.WhenAll(others.Prepend(first)))
        {
            await response.ExpectProblem(HttpStatusCode.NotFound, "not_found");
        }
        // Each miss its own: the article by slug, then the slugs articles had before (SlugMoves), four times.
        Assert.Equal(8, factory.Gate.Reads);
    }
}

public sealed class MissCoalescingTestsOnSqlite(SqliteGatedReadFactory factory)
    : MissCoalescingTests<SqliteGatedReadFactory>(factory), IClassFixture<SqliteGatedReadFactory>;

public sealed class MissCoalescingTestsOnPostgres(PostgresGatedReadFactory factory)
    : MissCoalescingTests<PostgresGatedReadFactory>(factory), IClassFixture<PostgresGatedReadFactory>;
