using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

/// <summary>A lead image to write: an asset of the media library, or an external url. One read from GET may be sent back as it is.</summary>
[ReadOnlyFields("width", "height", "variants", "srcsets")]
public sealed record FeatureImageWrite(
    [property: Description("Absolute http(s) URL of an image elsewhere; ignored with assetId (the asset gives its url, so an image read from GET can be sent back).")] string? Url = null,
    [property: Description("Text alternative for screen readers; with an asset, the asset's alt when not given.")] string? Alt = null,
    [property: Description("The caption of this use.")] string? Caption = null,
    [property: Description("Who the picture is from, e.g. \"Presiden RI/Net\"; with an asset, the asset's credit when not given.")] string? Credit = null,
    [property: Description("An asset of the media library; then the article shows its url, size and variants.")] Guid? AssetId = null);

/// <summary>
/// A lead image as read: the url is always there, the other fields are null when not given. From an asset, it also
/// has the asset's id, size and variants, and alt and credit fall back to the asset's.
/// </summary>
public sealed record FeatureImage(string Url, string? Alt, string? Caption, string? Credit)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The asset, when the image is one.")]
    public Guid? AssetId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Only with an asset.")]
    public int? Width { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Only with an asset.")]
    public int? Height { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Only with an asset: its variants, for srcset.")]
    public IReadOnlyList<Cms.Api.Media.AssetVariant>? Variants { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("Only with an asset: its variants grouped by aspect and format, each a ready srcset.")]
    public IReadOnlyList<Cms.Api.Media.ImageSrcset>? Srcsets { get; init; }

    /// <summary>The asset's hash and focal point, from which its variants are named; never sent.</summary>
    [JsonIgnore]
    public Cms.Api.Media.AssetImage? Asset { get; init; }
}

public sealed record Seo(string? MetaTitle = null, string? MetaDescription = null, string? CanonicalUrl = null);

/// <summary>A byline to write. A byline read from GET may be sent back as it is.</summary>
[ReadOnlyFields("slug", "name", "title", "avatarUrl", "url")]
[InputAlias("id", "authorId")]
public sealed record BylineWrite(
    [property: Required] Guid? AuthorId = null,
    [property: Description("reporter when omitted.")] BylineRole? Role = null);

/// <summary>A tag to attach. A tag summary read from GET may be sent back as it is.</summary>
[ReadOnlyFields("slug", "name", "url")]
[InputAlias("id", "tagId")]
public sealed record TagRef([property: Required] Guid? TagId = null);

/// <summary>The body of POST and PUT, and the state a PATCH applies to.</summary>
[ReadOnlyFields("id", "bodyHtml", "wordCount", "readingTimeMinutes", "createdAt", "updatedAt", "createdByKeyId", "updatedByKeyId", "url", "publishedAtLocal", "corrections")]
public sealed record ArticleWrite(
    [property: Description("Generated from the title when not given on create; kept when omitted on update.")] string? Slug = null,
    [property: Description("The short label printed above the headline (\"EKSKLUSIF\", \"Pilpres 2024\"); at most 60 characters.")] string? Kicker = null,
    [property: Required] string? Title = null,
    string? Subtitle = null,
    [property: Description("Derived from the body (first ~160 characters) when not given.")] string? Excerpt = null,
    [property: Description("Markdown source. `![alt](asset:ID)` shows a photo of the media library (an unknown asset is 422).")] string? Body = null,
    [property: Description("BCP 47 tag; the configured default (id) when not given.")] string? Language = null,
    [property: Description("draft when not given. published with a publishedAt still to come is stored as scheduled. Only editors may write anything but draft.")] ArticleStatus? Status = null,
    [property: Description("Any offset is accepted and the instant kept; now when publishing without one.")] DateTimeOffset? PublishedAt = null,
    FeatureImageWrite? FeatureImage = null,
    [property: Description("Bylines in print order.")] List<BylineWrite>? Authors = null,
    [property: Description("Tags in order; the first is the primary tag.")] List<TagRef>? Tags = null,
    Seo? Seo = null) : IHasExample<ArticleWrite>
{
    /// <summary>The seed's story as a desk would write it, crediting the demo's reporter and tag.</summary>
    /// <summary>The demo content's first story, which the examples of collection writes and views name.</summary>
    public static readonly Guid ExampleArticleId = new("01907a1c-5e00-7000-8000-00000000c001");

    public static ArticleWrite Example => new(
        Kicker: "EKSKLUSIF",
        Title: "Putin Tiba di Pyongyang, Disambut Langsung Kim Jong Un",
        Subtitle: "Kunjungan pertama Presiden Rusia ke Korea Utara dalam 24 tahun",
        Body: "PYONGYANG — Presiden Rusia, Vladimir Putin, tiba di Pyongyang pada Rabu (19/6/2024) dini hari waktu setempat "
            + "dan disambut langsung oleh pemimpin Korea Utara, Kim Jong Un.\n\n"
            + "Kedua pemimpin dijadwalkan menandatangani perjanjian kemitraan strategis.",
        Language: "id",
        Status: ArticleStatus.Published,
        PublishedAt: new DateTimeOffset(2024, 6, 19, 12, 4, 0, TimeSpan.FromHours(7)),
        FeatureImage: new FeatureImageWrite("https://images.example.com/2024/06/putin-pyongyang.jpg",
            "Vladimir Putin turun dari pesawat di Bandara Pyongyang", "Presiden Rusia, Vladimir Putin", "Net"),
        Authors: [new BylineWrite(Cms.Api.Authors.AuthorWrite.ExampleReporterId, BylineRole.Reporter)],
        Tags: [new TagRef(Cms.Api.Tags.TagWrite.ExampleTagId)],
        Seo: new Seo("Putin Tiba di Pyongyang, Disambut Kim Jong Un", "Presiden Rusia Vladimir Putin tiba di Pyongyang dan disambut Kim Jong Un."));
}

/// <summary>The fields of an article's revision (<see cref="ArticleDocument"/>), as its JSON names them: one member per field of the document.</summary>
public enum RevisionField
{
    Slug,
    Kicker,
    Title,
    Subtitle,
    Excerpt,
    Body,
    Language,
    Status,
    PublishedAt,
    FeatureImage,
    Authors,
    Tags,
    Seo,
}

public sealed record Byline(Guid Id, string Slug, string Name, string? Title, string? AvatarUrl, BylineRole Role)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The author's page on the frontend (with Site:BaseUrl).")]
    public string? Url { get; init; }
}

public sealed record TagSummary(Guid Id, string Slug, string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The tag's page on the frontend (with Site:BaseUrl).")]
    public string? Url { get; init; }
}

public sealed record ArticleResponse(
    Guid Id,
    string Slug,
    [property: Description("The short label printed above the headline; null for none.")] string? Kicker,
    string Title,
    string? Subtitle,
    string Excerpt,
    string Body,
    [property: Description("The body rendered from Markdown and sanitized; each asset image is a `<picture>` with its variants "
        + "(srcset, sizes, width, height, loading=\"lazy\", data-asset-id).")] string BodyHtml,
    string Language,
    ArticleStatus Status,
    DateTimeOffset? PublishedAt,
    FeatureImage? FeatureImage,
    List<Byline> Authors,
    List<TagSummary> Tags,
    Seo Seo,
    int WordCount,
    int ReadingTimeMinutes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }

    /// <summary>The assets the body shows, from which <see cref="BodyHtml"/>'s pictures are made; never sent.</summary>
    [JsonIgnore]
    public IReadOnlyList<ArticleLinks.AssetCopy> BodyAssets { get; init; } = [];

    [Description("The article's page on the frontend (Site:BaseUrl and Site:ArticlePath); left out without a base URL, "
        + "or while a path that needs the date has no publication time.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [Description("publishedAt in the newsroom's time zone (Site:TimeZone), e.g. 2024-06-19T12:04:00+07:00: print it as it is.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(JsonSetup.KeepOffset))]
    public DateTimeOffset? PublishedAtLocal { get; init; }

    [Description("Correction notes, oldest first: what was corrected in the published story, and when. Added with "
        + "POST /articles/{id}/corrections; never removed.")]
    public IReadOnlyList<Correction> Corrections { get; init; } = [];

    [Description("The API key that created the article; shown to keyed callers only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? CreatedByKeyId { get; init; }

    [Description("The API key that changed the article last; shown to keyed callers only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? UpdatedByKeyId { get; init; }

    /// <summary>Whether the story has live coverage (then <see cref="Live"/> is read with it).</summary>
    [JsonIgnore]
    public bool HasLiveCoverage { get; init; }

    [Description("A live story's coverage: when it started (and ended), how many updates it has, its newest sequence and its "
        + "newest updates, the pinned one first (listLiveUpdates pages through the rest; streamLiveUpdates streams them). "
        + "Left out for a story without live coverage.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Live.LiveCoverageResponse? Live { get; init; }

    /// <summary>What a caller without a key may see: not who changed it.</summary>
    public ArticleResponse ForReaders() => this with { CreatedByKeyId = null, UpdatedByKeyId = null };

    /// <summary>The article with its status as shown at <paramref name="now"/> (a scheduled story whose time has come reads as published).</summary>
    public ArticleResponse ShownAt(DateTimeOffset now) => this with { Status = ArticleVisibility.Shown(Status, PublishedAt, now) };
}

/// <summary>An article in a list: everything but the body, which include=body adds.</summary>
public sealed record ArticleSummary(
    Guid Id,
    string Slug,
    [property: Description("The short label printed above the headline; null for none.")] string? Kicker,
    string Title,
    string? Subtitle,
    string Excerpt,
    string Language,
    ArticleStatus Status,
    DateTimeOffset? PublishedAt,
    FeatureImage? FeatureImage,
    List<Byline> Authors,
    List<TagSummary> Tags,
    int WordCount,
    int ReadingTimeMinutes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [Description("The article's page on the frontend (Site:BaseUrl and Site:ArticlePath); left out without a base URL, "
        + "or while a path that needs the date has no publication time.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [Description("publishedAt in the newsroom's time zone (Site:TimeZone), e.g. 2024-06-19T12:04:00+07:00: print it as it is.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(JsonSetup.KeepOffset))]
    public DateTimeOffset? PublishedAtLocal { get; init; }

    [Description("Only with include=body.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    /// <summary>The rendered body, read for a search's highlight and never sent.</summary>
    [JsonIgnore]
    public string? BodyHtml { get; init; }

    [Description("Only in search results (q): a short passage with the matched words in `<mark></mark>`; the rest is HTML-escaped text.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Highlight { get; init; }
}

/// <summary>A correction note: the newsroom's public record that a published story was wrong and has been put right.</summary>
public sealed record Correction(
    [property: Description("When the note was added.")] DateTimeOffset At,
    [property: Description("What was corrected, as readers are to read it (in the story's language).")] string Text);

/// <summary>A correction note to add.</summary>
public sealed record CorrectionWrite(
    [property: System.ComponentModel.DataAnnotations.Required, Description("What was corrected, as readers are to read it: 1 to 2,000 characters.")] string? Text = null)
    : IHasExample<CorrectionWrite>
{
    public static CorrectionWrite Example => new("Sebelumnya tertulis Putin tiba pada Selasa; yang benar Rabu (19/6/2024) dini hari.");
}
