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
    [Inject] private Services.Browser Browser { get; set; } = default!;

    /// <summary>What the person sees and edits, and the story as they last read or saved it: a save sends only what differs.</summary>
    private Fields form = new(), baseline = new();
    private List<BylineWrite> bylines = [], baselineBylines = [];
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
        form = Fields.Of(loaded);
        baseline = form with { };
        bylines = BylinesOf(loaded);
        baselineBylines = [.. bylines];
        (dirty, conflict) = (false, null);
    }

    private void SuggestSlug()
    {
        if (!slugTouched)
        {
            form.Slug = Slugs.Suggest(form.Title);
        }
    }

    private static readonly string[] Languages = ["id", "en"];

    private void TagsChanged(List<TagSummary> chosen)
    {
        form.Tags = chosen;
        Changed();
    }

    private void ImageChanged(Lead image)
    {
        form.Image = image;
        Changed();
    }

    private void BylinesChanged(List<BylineWrite> chosen)
    {
        bylines = chosen;
        Changed();
    }

    /// <summary>Saves a draft on its own 2 seconds after the last change; a story that readers see waits for Save.</summary>
    private void Changed()
    {
        dirty = article is null || !form.SameAs(baseline) || !Same(bylines, baselineBylines);
        if (!dirty)
        {
            return;
        }
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
                    Body = form.Body, Authors = bylines, Language = Blank(form.Language), Tags = TagRefs(form.Tags),
                    FeatureImage = ImageWrite(form.Image), Seo = SeoWrite(form),
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
        catch (ApiException e)
        {
            error = Text.Format("error.generic", e.Message);
        }
        finally
        {
            saving = false;
            StateHasChanged();
        }
    }

    /// <summary>A merge patch of the fields this person changed since they read the story, and nothing else.</summary>
    private async Task PatchAsync(string? ifMatch)
    {
        var (mine, mineBylines) = (form with { }, bylines.ToList());
        var patch = new ArticlePatch
        {
            Title = Changed(mine, "title", mine.Title), Subtitle = Changed(mine, "subtitle", mine.Subtitle),
            Slug = Blank(Changed(mine, "slug", mine.Slug) ?? ""), Excerpt = Changed(mine, "excerpt", mine.Excerpt),
            Body = Changed(mine, "body", mine.Body), Language = Blank(Changed(mine, "language", mine.Language) ?? ""),
            Authors = Same(mineBylines, baselineBylines) ? null : mineBylines,
            Tags = mine.Same(baseline, "tags") ? null : TagRefs(mine.Tags),
        };
        // A merge patch removes with null, which the client writes only from AdditionalData.
        if (!mine.Same(baseline, "image") && (patch.FeatureImage = ImageWrite(mine.Image)) is null)
        {
            patch.AdditionalData["featureImage"] = null!;
        }
        if (new[] { "metaTitle", "metaDescription", "canonicalUrl" }.Any(f => !mine.Same(baseline, f)) && (patch.Seo = SeoWrite(mine)) is null)
        {
            patch.AdditionalData["seo"] = null!;
        }
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var saved = await Api.Api.V1.Articles[article!.Id!.Value].PatchAsync(patch, r =>
        {
            r.Headers.Add("If-Match", ifMatch ?? "*");
            r.Options.Add(headers);
        });
        // The holder's save released the lock: take it back before showing the save as done.
        if (lockNotice is null)
        {
            await TakeLockAsync(article.Id!.Value);
        }
        var (typed, typedBylines) = (form, bylines);
        Show(saved, headers);
        savedAt = DateTimeOffset.UtcNow;
        // What was typed while the save was on its way stays, and is saved next.
        if (!typed.SameAs(mine) || !Same(typedBylines, mineBylines))
        {
            (form, bylines) = (typed, typedBylines);
            Changed();
        }
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private string? Changed(Fields mine, string name, string value) => mine.Same(baseline, name) ? null : value;

    private static List<TagRef> TagRefs(List<TagSummary> tags) => tags.Select(t => new TagRef { TagId = t.Id }).ToList();

    private static FeatureImageWrite? ImageWrite(Lead image) => image.IsNone ? null : new FeatureImageWrite
    {
        AssetId = image.AssetId, Url = Blank(image.Url), Alt = Blank(image.Alt), Caption = Blank(image.Caption), Credit = Blank(image.Credit),
    };

    /// <summary>The SEO fields, all three (a blank one removed); null when none is set.</summary>
    private static Seo? SeoWrite(Fields f)
    {
        if (f.MetaTitle.Length + f.MetaDescription.Length + f.CanonicalUrl.Length == 0)
        {
            return null;
        }
        var seo = new Seo { MetaTitle = Blank(f.MetaTitle), MetaDescription = Blank(f.MetaDescription), CanonicalUrl = Blank(f.CanonicalUrl) };
        foreach (var (key, value) in new[] { ("metaTitle", f.MetaTitle), ("metaDescription", f.MetaDescription), ("canonicalUrl", f.CanonicalUrl) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                seo.AdditionalData[key] = null!;
            }
        }
        return seo;
    }
}
