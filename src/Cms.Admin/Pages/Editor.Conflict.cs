using Cms.Admin.Api.Models;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Cms.Admin.Pages;

/// <summary>A 412 resolved by the person: what differs, and their changes kept on top of the other save.</summary>
public partial class Editor
{
    private sealed record Fields
    {
        public string Title { get; set; } = "";
        public string Subtitle { get; set; } = "";
        public string Slug { get; set; } = "";
        public string Excerpt { get; set; } = "";
        public string Body { get; set; } = "";

        public static Fields Of(ArticleResponse? a) => new()
        {
            Title = a?.Title ?? "", Subtitle = a?.Subtitle ?? "", Slug = a?.Slug ?? "", Excerpt = a?.Excerpt ?? "", Body = a?.Body ?? "",
        };
    }

    /// <summary>The person's changes on top of the other save: where both changed a field, theirs is replaced by mine.</summary>
    private async Task KeepMineAsync()
    {
        var theirs = Fields.Of(conflict);
        var merged = new Fields
        {
            Title = Pick(form.Title, baseline.Title, theirs.Title), Subtitle = Pick(form.Subtitle, baseline.Subtitle, theirs.Subtitle),
            Slug = Pick(form.Slug, baseline.Slug, theirs.Slug), Excerpt = Pick(form.Excerpt, baseline.Excerpt, theirs.Excerpt),
            Body = Pick(form.Body, baseline.Body, theirs.Body),
        };
        var mergedBylines = Same(bylines, baselineBylines) ? BylinesOf(conflict) : bylines.ToList();
        (baseline, baselineBylines) = (theirs, BylinesOf(conflict));
        (form, bylines) = (merged, mergedBylines);
        // The panel goes when the save has gone through (Show), not before.
        await PatchAsync(etag);
    }

    private static string Pick(string mine, string before, string theirs) => mine == before ? theirs : mine;

    private void TakeTheirs()
    {
        var current = etag;
        var theirs = conflict;
        Show(theirs, new HeadersInspectionHandlerOption());
        etag = current;
    }

    /// <summary>The fields where this person's version and the other save differ, and whether this person changed it.</summary>
    private IEnumerable<(string Field, string Mine, string Theirs, bool MineChanged)> Differences(ArticleResponse theirs)
    {
        var other = Fields.Of(theirs);
        return new[]
        {
            ("title", form.Title, other.Title, baseline.Title), ("subtitle", form.Subtitle, other.Subtitle, baseline.Subtitle),
            ("slug", form.Slug, other.Slug, baseline.Slug), ("excerpt", form.Excerpt, other.Excerpt, baseline.Excerpt),
            ("body", form.Body, other.Body, baseline.Body),
        }.Where(d => d.Item2 != d.Item3).Select(d => (d.Item1, d.Item2, d.Item3, d.Item2 != d.Item4));
    }

    private static string? Changed(string value, string before) => value == before ? null : value;

    private static bool Same(List<BylineWrite> a, List<BylineWrite> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.AuthorId == p.Second.AuthorId && p.First.Role == p.Second.Role);

    private static List<BylineWrite> BylinesOf(ArticleResponse? a) =>
        a?.Authors?.Select(x => new BylineWrite { AuthorId = x.Id, Role = x.Role }).ToList() ?? [];
}
