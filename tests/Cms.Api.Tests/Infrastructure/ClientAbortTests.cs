using System.Diagnostics;
using System.Net;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// A client that goes away does not cancel its request's database read at once: the read finishes when it
/// ends within the grace period, and one still running after it is cancelled on a thread of its own, not on
/// one of the thread pool's (on PostgreSQL, a cancellation blocks its thread on a second connection).
/// </summary>
public abstract class ClientAbortTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IGatedReads
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TimeSpan Grace => factory.Services.GetRequiredService<ClientAborts>().Grace;

    [Fact]
    public async Task A_read_whose_client_leaves_is_not_cancelled_when_it_ends_within_the_grace_period()
    {
        using var leaving = new CancellationTokenSource();
        var reading = await HeldReadAsync("Pemilu Serentak", leaving.Token);

        await leaving.CancelAsync();
        await Task.Delay(Grace / 5); // the server has seen the client go; the grace period has not passed
        factory.Gate.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        await Waiting.Until(() => factory.Gate.Finished == 1, "the read of a client that left was not finished");
        Assert.False(factory.Gate.HeldToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_read_still_running_after_the_grace_period_is_cancelled_off_the_thread_pool()
    {
        using var leaving = new CancellationTokenSource();
        var reading = await HeldReadAsync("Sidang Kabinet", leaving.Token);
        var left = new Stopwatch();
        var cancelled = new TaskCompletionSource<(TimeSpan After, bool OnThreadPool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = factory.Gate.HeldToken.Register(() =>
            cancelled.TrySetResult((left.Elapsed, Thread.CurrentThread.IsThreadPoolThread)));

        left.Start();
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        var (after, onThreadPool) = await cancelled.Task.WaitAsync(Patience);

        Assert.True(after >= Grace * 0.9, $"cancelled {after} after the client left, before the grace period");
        Assert.False(onThreadPool, "the cancellation ran on a thread pool thread");
        Assert.Equal(0, factory.Gate.Finished);
        factory.Gate.Release();
    }

    /// <summary>An anonymous read of a new article, held in the database until the gate is released.</summary>
    private async Task<Task<HttpResponseMessage>> HeldReadAsync(string title, CancellationToken leaving)
    {
        var article = await factory.CreateClient().PublishArticle(Http.Unique(title));
        factory.Gate.Arm((string)article["slug"]!);
        var reading = factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/slug/{article["slug"]}", leaving);
        await factory.Gate.Entered.WaitAsync(Patience);
        return reading;
    }
}

public sealed class ClientAbortTestsOnSqlite(SqliteGatedReadFactory factory)
    : ClientAbortTests<SqliteGatedReadFactory>(factory), IClassFixture<SqliteGatedReadFactory>;

public sealed class ClientAbortTestsOnPostgres(PostgresGatedReadFactory factory)
    : ClientAbortTests<PostgresGatedReadFactory>(factory), IClassFixture<PostgresGatedReadFactory>;
