using Cms.Admin.Api.Models;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Cms.Admin.Pages;

/// <summary>A story's lead image as the editor holds it: a library photo or an image elsewhere, with this story's words.</summary>
public sealed record Lead(Guid? AssetId, string Url, string Alt, string Caption, string Credit)
{
    public static readonly Lead None = new(null, "", "", "", "");

    public static Lead Of(FeatureImage? image) => image is null ? None
        : new(image.AssetId, image.AssetId is null ? image.Url ?? "" : "", image.Alt ?? "", image.Caption ?? "", image.Credit ?? "");

    public bool IsNone => AssetId is null && Url.Length == 0;
}

/// <summary>The story's fields as the person edits them, and a 412 resolved by the person: their changes kept on top of the other save.</summary>
public partial class Editor
{
    private sealed record Fields
    {
        public string Title { get; set; } = "";
        public string Subtitle { get; set; } = "";
        public string Slug { get; set; } = "";
        public string Excerpt { get; set; } = "";
        public string Body { get; set; } = "";
        public string Language { get; set; } = "";
        public string MetaTitle { get; set; } = "";
        public string MetaDescription { get; set; } = "";
        public string CanonicalUrl { get; set; } = "";
        public List<TagSummary> Tags { get; set; } = [];
        public Lead Image { get; set; } = Lead.None;

        public static Fields Of(ArticleResponse? a) => new()
        {
            Title = a?.Title ?? "", Subtitle = a?.Subtitle ?? "", Slug = a?.Slug ?? "", Excerpt = a?.Excerpt ?? "", Body = a?.Body ?? "",
            Language = a?.Language ?? "id", MetaTitle = a?.Seo?.MetaTitle ?? "", MetaDescription = a?.Seo?.MetaDescription ?? "",
            CanonicalUrl = a?.Seo?.CanonicalUrl ?? "", Tags = a?.Tags ?? [], Image = Lead.Of(a?.FeatureImage),
        };

        /// <summary>Each field once: its name (the API's, and the key of its label), how it reads as text, and how it is set.</summary>
        public static readonly (string Name, Func<Fields, string> Show, Action<Fields, Fields> Take)[] All =
        [
            ("title", f => f.Title, (to, from) => to.Title = from.Title),
            ("subtitle", f => f.Subtitle, (to, from) => to.Subtitle = from.Subtitle),
            ("slug", f => f.Slug, (to, from) => to.Slug = from.Slug),
            ("excerpt", f => f.Excerpt, (to, from) => to.Excerpt = from.Excerpt),
            ("body", f => f.Body, (to, from) => to.Body = from.Body),
            ("language", f => f.Language, (to, from) => to.Language = from.Language),
            ("metaTitle", f => f.MetaTitle, (to, from) => to.MetaTitle = from.MetaTitle),
            ("metaDescription", f => f.MetaDescription, (to, from) => to.MetaDescription = from.MetaDescription),
            ("canonicalUrl", f => f.CanonicalUrl, (to, from) => to.CanonicalUrl = from.CanonicalUrl),
            ("tags", f => string.Join(", ", f.Tags.Select(t => t.Name)), (to, from) => to.Tags = from.Tags),
            ("image", f => f.Image.IsNone ? "" : $"{f.Image.Caption} ({f.Image.Credit})", (to, from) => to.Image = from.Image),
        ];

        /// <summary>The tags and the image compare by what they are, not by list or record identity.</summary>
        public bool Same(Fields other, string name) => name switch
        {
            "tags" => Tags.Select(t => t.Id).SequenceEqual(other.Tags.Select(t => t.Id)),
            "image" => Image == other.Image,
            _ => All.First(f => f.Name == name).Show(this) == All.First(f => f.Name == name).Show(other),
        };

        public bool SameAs(Fields other) => All.All(f => Same(other, f.Name));
    }

    /// <summary>The person's changes on top of the other save: where both changed a field, theirs is replaced by mine.</summary>
    private async Task KeepMineAsync()
    {
        var theirs = Fields.Of(conflict);
        var merged = theirs with { };
        foreach (var field in Fields.All.Where(f => !form.Same(baseline, f.Name)))
        {
            field.Take(merged, form);
        }
        var mergedBylines = Same(bylines, baselineBylines) ? BylinesOf(conflict) : bylines.ToList();
        (baseline, baselineBylines) = (theirs, BylinesOf(conflict));
        (form, bylines) = (merged, mergedBylines);
        // The panel goes when the save has gone through (Show), not before.
        await PatchAsync(etag);
    }

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
        return Fields.All.Where(f => !form.Same(other, f.Name))
            .Select(f => (f.Name, f.Show(form), f.Show(other), !form.Same(baseline, f.Name)));
    }

    private static bool Same(List<BylineWrite> a, List<BylineWrite> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.AuthorId == p.Second.AuthorId && p.First.Role == p.Second.Role);

    private static List<BylineWrite> BylinesOf(ArticleResponse? a) =>
        a?.Authors?.Select(x => new BylineWrite { AuthorId = x.Id, Role = x.Role }).ToList() ?? [];
}
