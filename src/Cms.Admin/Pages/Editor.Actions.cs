using Cms.Admin.Api.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Cms.Admin.Pages;

/// <summary>What the editor does to the story beside saving it: publish, schedule, unpublish, archive, trash, corrections,
/// a preview link, and putting a revision back. Each sends the ETag the person last read (a 412 means someone saved since).</summary>
public partial class Editor
{
    private string? previewUrl, correction;

    private Guid StoryId => article!.Id!.Value;

    /// <summary>One change of the story with If-Match, the answer shown; a change of the form not saved yet goes first.</summary>
    private async Task ActAsync(Func<Action<RequestConfiguration<DefaultQueryParameters>>, Task<ArticleResponse?>> act)
    {
        (saving, error) = (true, null);
        try
        {
            if (dirty)
            {
                await PatchAsync(etag);
            }
            var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            Show(await act(r => { r.Headers.Add("If-Match", etag ?? "*"); r.Options.Add(headers); }), headers);
        }
        catch (ApiProblem p)
        {
            error = Text.Format("error.generic", p.Detail ?? p.ResponseStatusCode.ToString());
        }
        finally
        {
            saving = false;
        }
    }

    private Task PublishAsync(DateTime? at) => ActAsync(r => Api.Api.V1.Articles[StoryId].Publish.PostAsync(
        new PublishRequest { PublishAt = at is { } local ? new DateTimeOffset(local, Text.Zone.Offset) : null }, r));

    private Task UnpublishAsync() => ActAsync(r => Api.Api.V1.Articles[StoryId].Unpublish.PostAsync(r));

    private Task ArchiveAsync() => ActAsync(r => Api.Api.V1.Articles[StoryId].Archive.PostAsync(r));

    private async Task CorrectAsync()
    {
        await ActAsync(r => Api.Api.V1.Articles[StoryId].Corrections.PostAsync(new CorrectionWrite { Text = correction }, r));
        correction = error is null ? null : correction;
    }

    private async Task RestoreRevisionAsync(int number)
    {
        await ActAsync(r => Api.Api.V1.Articles[StoryId].Revisions[number].Restore.PostAsync(r));
        if (error is null)
        {
            savedAt = DateTimeOffset.UtcNow;
            await revisions!.LoadAsync();
        }
    }

    /// <summary>To the trash, from where the desk restores it (purged after the trash's retention).</summary>
    private async Task TrashAsync()
    {
        (saving, error) = (true, null);
        try
        {
            await Api.Api.V1.Articles[StoryId].DeleteAsync(r => r.Headers.Add("If-Match", etag ?? "*"));
            Nav.NavigateTo("?status=trash");
        }
        catch (ApiProblem p)
        {
            error = Text.Format("error.generic", p.Detail ?? p.ResponseStatusCode.ToString());
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>A signed link that shows the story as it is now to someone without an account, copied when the browser lets us.</summary>
    private async Task PreviewLinkAsync()
    {
        var link = await Api.Api.V1.Articles[StoryId].Preview.PostAsync();
        previewUrl = new Uri(new Uri(Nav.BaseUri), link!.Path).ToString();
        previewCopied = await Browser.CopyAsync(previewUrl);
    }

    private bool previewCopied;
    private Revisions? revisions;
}
