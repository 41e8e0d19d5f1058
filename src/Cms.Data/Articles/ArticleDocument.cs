using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cms.Data.Articles;

/// <summary>
/// An article as its editor writes it: the editable fields, its links by id. The one definition of those fields: a
/// revision stores it, the trash keeps it, a PATCH is applied to it (as a write), a diff compares two of it, and
/// <see cref="Of(Article)"/> is the one place that reads it from a row. docs/data.md, "Add a field to articles".
/// </summary>
public sealed record ArticleDocument(
    string Slug,
    string? Kicker,
    string Title,
    string? Subtitle,
    [property: Description("The editor's own excerpt; null when it is derived from the body.")] string? Excerpt,
    string Body,
    string Language,
    ArticleStatus Status,
    DateTimeOffset? PublishedAt,
    ArticleDocument.DocumentImage? FeatureImage,
    IReadOnlyList<ArticleDocument.DocumentByline> Authors,
    IReadOnlyList<ArticleDocument.DocumentTag> Tags,
    ArticleDocument.DocumentSeo Seo)
{
    public sealed record DocumentImage(string? Url, string? Alt, string? Caption, string? Credit, Guid? AssetId);

    public sealed record DocumentByline(Guid AuthorId, BylineRole Role);

    public sealed record DocumentTag(Guid TagId);

    public sealed record DocumentSeo(string? MetaTitle, string? MetaDescription, string? CanonicalUrl);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The document of an article loaded with its bylines and tags.</summary>
    public static ArticleDocument Of(Article a) => Of(a,
        a.Authors.OrderBy(b => b.Position).Select(b => new DocumentByline(b.AuthorId, b.Role)).ToList(),
        a.Tags.OrderBy(t => t.Position).Select(t => new DocumentTag(t.TagId)).ToList());

    /// <summary>The document of an article's row with the links given (those a save will write, or the row's copies).</summary>
    public static ArticleDocument Of(Article a, IReadOnlyList<DocumentByline> authors, IReadOnlyList<DocumentTag> tags) =>
        new(a.Slug, a.Kicker, a.Title, a.Subtitle, a.ExcerptIsCustom ? a.Excerpt : null, a.Body, a.Language, a.Status, a.PublishedAt,
            a.FeatureImageUrl is null && a.FeatureImageAssetId is null ? null
                : new DocumentImage(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit, a.FeatureImageAssetId),
            authors, tags, new DocumentSeo(a.SeoMetaTitle, a.SeoMetaDescription, a.SeoCanonicalUrl));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ArticleDocument FromJson(string json) => JsonSerializer.Deserialize<ArticleDocument>(json, Json)!;

    /// <summary>
    /// The names of the fields (as JSON spells them) whose values differ; against nothing, those that hold something
    /// (a new article's). Compared as JSON, so a field added to the record is compared with no code of its own.
    /// </summary>
    public static List<string> Changed(ArticleDocument? before, ArticleDocument after)
    {
        var was = before is null ? null : JsonSerializer.SerializeToNode(before, Json)!.AsObject();
        var now = JsonSerializer.SerializeToNode(after, Json)!.AsObject();
        return now.Where(p => was is null ? !IsEmpty(p.Value) : !JsonNode.DeepEquals(was[p.Key], p.Value)).Select(p => p.Key).ToList();

        static bool IsEmpty(JsonNode? value) => value switch
        {
            null => true,
            JsonArray array => array.Count == 0,
            JsonObject o => o.All(p => IsEmpty(p.Value)),
            _ => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0,
        };
    }
}
