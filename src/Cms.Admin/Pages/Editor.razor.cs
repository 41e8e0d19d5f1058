using System.Text;
using Cms.Admin.Api;
using Cms.Admin.Api.Models;
using Cms.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Cms.Admin.Pages;

/// <summary>
/// One story: fields, bylines, autosave of drafts with If-Match (a 412 shows what changed and lets the person choose,
/// never overwriting anyone silently), the edit lock taken on open and renewed while the tab is open, publishing and
/// scheduling in the site's zone, and the API's own sanitized HTML as the preview.
/// </summary>
public partial class Editor
{
    private static readonly TimeSpan AutosaveAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LockEvery = TimeSpan.FromSeconds(60);

    [Parameter] public Guid? Id { get; set; }
    [Inject] private CmsClient Api { get; set; } = default!;
    [Inject] private Session Session { get; set; } = default!;
    [Inject] private Text Text { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;

    private sealed class Fields
    {
        public string Title { get; set; } = "";
        public string Subtitle { get; set; } = "";
        public string Slug { get; set; } = "";
        public string Excerpt { get; set; } = "";
        public string Body { get; set; } = "";
    }

    private Fields form = new();
    private List<BylineWrite> bylines = [];
    private ArticleResponse? article;
    private string? etag;
    private bool dirty, saving, slugTouched;
    private DateTime? scheduleAt;
    private DateTimeOffset? savedAt;
    private ArticleResponse? conflict;
    private string? error, lockNotice;
    private CancellationTokenSource? autosave;
    private readonly CancellationTokenSource closed = new();

    private string SaveState => saving ? Text["editor.saving"] : dirty ? Text["editor.unsaved"]
        : savedAt is { } at ? Text.Format("editor.saved", Text.Time(at)) : "";

    protected override async Task OnParametersSetAsync()
    {
        if (Id is not { } id)
        {
            // A new story carries the person's own byline when their account has an author profile.
            bylines = Session.Person?.AuthorId is { } author ? [new BylineWrite { AuthorId = author, Role = BylineRole.Reporter }] : [];
            return;
        }
        await LoadAsync(id);
        slugTouched = true;
        _ = KeepLockAsync(id, closed.Token);
    }

    private async Task LoadAsync(Guid id)
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        Show(await Api.Api.V1.Articles[id].GetAsync(r => r.Options.Add(headers)), headers);
    }

    private void Show(ArticleResponse? loaded, HeadersInspectionHandlerOption headers)
    {
        article = loaded;
        etag = headers.ResponseHeaders.TryGetValue("ETag", out var values) ? values.FirstOrDefault() : null;
        form = new Fields
        {
            Title = loaded?.Title ?? "", Subtitle = loaded?.Subtitle ?? "", Slug = loaded?.Slug ?? "",
            Excerpt = loaded?.Excerpt ?? "", Body = loaded?.Body ?? "",
        };
        bylines = loaded?.Authors?.Select(a => new BylineWrite { AuthorId = a.Id, Role = a.Role }).ToList() ?? [];
        (dirty, conflict) = (false, null);
    }

    private void SuggestSlug()
    {
        if (!slugTouched)
        {
            form.Slug = Slugs.Suggest(form.Title);
        }
    }

    private void BylinesChanged(List<BylineWrite> chosen)
    {
        bylines = chosen;
        Changed();
    }

    /// <summary>Saves a draft on its own 2 seconds after the last change; a story that readers see waits for Save.</summary>
    private void Changed()
    {
        dirty = true;
        autosave?.Cancel();
        if (article is not { Status: ArticleStatus.Draft } || conflict is not null)
        {
            return;
        }
        var pending = autosave = new CancellationTokenSource();
        _ = Task.Delay(AutosaveAfter, pending.Token).ContinueWith(t =>
        {
            if (!t.IsCanceled)
            {
                _ = InvokeAsync(SaveAsync);
            }
        }, TaskScheduler.Default);
    }

    private async Task SaveAsync()
    {
        if (saving)
        {
            return;
        }
        (saving, error) = (true, null);
        StateHasChanged();
        try
        {
            if (article is null)
            {
                var created = await Api.Api.V1.Articles.PostAsync(new ArticleWrite
                {
                    Title = form.Title, Subtitle = Blank(form.Subtitle), Slug = Blank(form.Slug), Excerpt = Blank(form.Excerpt),
                    Body = form.Body, Authors = bylines,
                });
                Nav.NavigateTo($"stories/{created!.Id}");
                return;
            }
            await PatchAsync(etag);
        }
        catch (ApiProblem p) when (p.ResponseStatusCode == 412)
        {
            // Someone saved since this tab read the story: show both, let the person choose; nothing is overwritten.
            var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            conflict = await Api.Api.V1.Articles[article!.Id!.Value].GetAsync(r => r.Options.Add(headers));
            etag = headers.ResponseHeaders.TryGetValue("ETag", out var values) ? values.FirstOrDefault() : etag;
        }
        catch (ApiProblem p)
        {
            error = Text.Format("error.generic", p.Detail ?? p.Code?.ToString() ?? p.ResponseStatusCode.ToString());
        }
        finally
        {
            saving = false;
        }
    }

    private async Task PatchAsync(string? ifMatch)
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var saved = await Api.Api.V1.Articles[article!.Id!.Value].PatchAsync(new ArticlePatch
        {
            Title = form.Title, Subtitle = form.Subtitle, Slug = Blank(form.Slug), Excerpt = form.Excerpt, Body = form.Body, Authors = bylines,
        }, r =>
        {
            r.Headers.Add("If-Match", ifMatch ?? "*");
            r.Options.Add(headers);
        });
        var mine = form;
        Show(saved, headers);
        form = mine;
        savedAt = DateTimeOffset.UtcNow;
    }

    private async Task KeepMineAsync()
    {
        conflict = null;
        await PatchAsync(etag);
    }

    private void TakeTheirs()
    {
        var headers = etag;
        (article, form) = (conflict, new Fields
        {
            Title = conflict?.Title ?? "", Subtitle = conflict?.Subtitle ?? "", Slug = conflict?.Slug ?? "",
            Excerpt = conflict?.Excerpt ?? "", Body = conflict?.Body ?? "",
        });
        bylines = conflict?.Authors?.Select(a => new BylineWrite { AuthorId = a.Id, Role = a.Role }).ToList() ?? [];
        (etag, conflict, dirty) = (headers, null, false);
    }

    private IEnumerable<(string Field, string Mine, string Theirs)> Differences(ArticleResponse theirs) =>
        new[]
        {
            ("title", form.Title, theirs.Title ?? ""), ("subtitle", form.Subtitle, theirs.Subtitle ?? ""),
            ("slug", form.Slug, theirs.Slug ?? ""), ("excerpt", form.Excerpt, theirs.Excerpt ?? ""), ("body", form.Body, theirs.Body ?? ""),
        }.Where(d => d.Item2 != d.Item3);

    private async Task PublishAsync(DateTime? at)
    {
        try
        {
            if (dirty)
            {
                await PatchAsync(etag);
            }
            var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            var published = await Api.Api.V1.Articles[article!.Id!.Value].Publish.PostAsync(
                new PublishRequest { PublishAt = at is { } local ? new DateTimeOffset(local, Text.Zone.Offset) : null },
                r => { r.Headers.Add("If-Match", etag ?? "*"); r.Options.Add(headers); });
            Show(published, headers);
        }
        catch (ApiProblem p)
        {
            error = Text.Format("error.generic", p.Detail ?? p.ResponseStatusCode.ToString());
        }
    }

    private async Task UnpublishAsync()
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        Show(await Api.Api.V1.Articles[article!.Id!.Value].Unpublish.PostAsync(r => { r.Headers.Add("If-Match", etag ?? "*"); r.Options.Add(headers); }), headers);
    }

    /// <summary>Takes the edit lock on open and renews it while the tab is open; another holder is shown, not fought.</summary>
    private async Task KeepLockAsync(Guid id, CancellationToken stop)
    {
        using var every = new PeriodicTimer(LockEvery);
        do
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
                return;
            }
            await InvokeAsync(StateHasChanged);
        }
        while (await every.WaitForNextTickAsync(stop).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
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

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The slug the API would make from a title: lower case, ASCII letters and digits, hyphens between words.</summary>
public static class Slugs
{
    public static string Suggest(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                text.Append(c);
            }
            else if ((char.IsWhiteSpace(c) || c is '-' or '_') && text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }
        return text.ToString().Trim('-');
    }
}
