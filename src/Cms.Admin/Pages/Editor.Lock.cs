using Cms.Admin.Api;
using Cms.Admin.Api.Models;
using Microsoft.Kiota.Abstractions;

namespace Cms.Admin.Pages;

/// <summary>The story's edit lock: taken on open, renewed while the tab is open, taken back after each save, released on close.</summary>
public partial class Editor
{
    /// <summary>Takes the edit lock on open and renews it while the tab is open; another holder is shown, not fought.</summary>
    private async Task KeepLockAsync(Guid id, CancellationToken stop)
    {
        using var every = new PeriodicTimer(LockEvery);
        do
        {
            if (!await TakeLockAsync(id, stop))
            {
                return;
            }
        }
        while (await every.WaitForNextTickAsync(stop).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    /// <summary>Takes or renews the lock; also after each save, since the holder's save releases it (docs/editorial.md).</summary>
    private async Task<bool> TakeLockAsync(Guid id, CancellationToken stop = default)
    {
        try
        {
            await Api.Api.V1.Articles[id].Lock.PostAsync(cancellationToken: stop);
            lockNotice = null;
        }
        catch (ApiProblem p) when (p.ResponseStatusCode == 423)
        {
            lockNotice = Text.Format("editor.lockedBy", p.LockedBy?.KeyName ?? "?", Text.Time(p.LockedUntil));
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        await InvokeAsync(StateHasChanged);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await closed.CancelAsync();
        autosave?.Cancel();
        if (Id is { } id && lockNotice is null)
        {
            try
            {
                await Api.Api.V1.Articles[id].Lock.DeleteAsync();
            }
            catch (ApiException)
            {
                // Releasing is a courtesy: an unreleased lock expires in five minutes.
            }
        }
    }
}
