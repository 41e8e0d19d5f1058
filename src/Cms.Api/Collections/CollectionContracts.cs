using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data.Collections;

namespace Cms.Api.Collections;

/// <summary>The body of POST and PUT: a collection's definition and the arrangement in effect from now.</summary>
[ReadOnlyFields("id", "chosen", "arrangement", "preview", "createdAt", "updatedAt")]
public sealed record CollectionWrite(
    [property: Description("Lowercase words joined by hyphens; generated from the name when not given on create. It cannot change: "
        + "on PUT give the same or leave it out.")] string? Slug = null,
    [property: Required] string? Name = null,
    string? Description = null,
    [property: Required, Description("manual: the articles chosen in items, then the filler; automatic: the filler alone; mostRead: "
        + "ranked by views in the window, among the stories the filler takes.")] CollectionKind? Kind = null,
    [property: Required, Range(1, CollectionWrite.MaxCapacity), Description("At most this many items are shown, 1 to 100.")] int? Capacity = null,
    [property: Description("Which stories complete a manual collection, make an automatic one, or limit a mostRead one: the newest "
        + "first, in the article list's words. None: a manual collection shows its chosen items alone; an automatic or mostRead one "
        + "takes every story.")] CollectionFiller? Filler = null,
    [property: Description("Of a mostRead collection, and only of one: views counted in the last 1h, 24h or 7d."),
        AllowedValues("1h", "24h", "7d")] string? Window = null,
    [property: Description("Of a manual collection: the chosen articles, in order (at most 100; those beyond the capacity wait and "
        + "show when a story above them drops out). Each once. Left out on PUT: the chosen items stay as they are.")]
    List<CollectionItemWrite>? Items = null) : IHasExample<CollectionWrite>
{
    public const int MaxCapacity = 100;

    public static CollectionWrite Example => new(Slug: "politik-utama", Name: "Politik Utama", Description: "Pilihan redaksi di halaman Politik.",
        Kind: CollectionKind.Manual, Capacity: 10, Filler: new CollectionFiller(Tag: ["politik"]),
        Items: [new CollectionItemWrite(ArticleWrite.ExampleArticleId, Pinned: true)]);
}

/// <summary>A chosen article in a write.</summary>
public sealed record CollectionItemWrite(
    [property: Required] Guid? ArticleId = null,
    [property: Description("Keeps the article at its position whatever happens to the others (default false). A pinned article must "
        + "be within the capacity.")] bool Pinned = false);

/// <summary>The body of PUT on one chosen article: where it goes, and whether it stays there.</summary>
public sealed record CollectionItemPlacement(
    [property: Description("1 for the top. Left out: where the article is now, or the top for one not chosen yet. Past the end: the end."),
        Range(1, CollectionWrite.MaxCapacity)] int? Position = null,
    [property: Description("Left out: as it is now, or false for one not chosen yet.")] bool? Pinned = null) : IHasExample<CollectionItemPlacement>
{
    public static CollectionItemPlacement Example => new(Position: 1, Pinned: true);
}

/// <summary>A collection as readers see it: its definition and its items now.</summary>
public sealed record CollectionResponse(
    Guid Id,
    string Slug,
    string Name,
    string? Description,
    CollectionKind Kind,
    int Capacity,
    CollectionFiller? Filler,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Of a mostRead collection: 1h, 24h or 7d.")] string? Window,
    [property: Description("What readers see now, in order, at most capacity: article summaries as the article list gives them "
        + "(fields= selects their fields).")] IReadOnlyList<ArticleSummary> Items,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [Description("Only for keyed callers: the chosen articles of the arrangement in effect, in the editors' order, whether or not "
        + "readers can see them now. Positions in item operations count in this list.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CollectionItem>? Chosen { get; init; }

    [Description("Only for keyed callers: the arrangement in effect.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ArrangementSummary? Arrangement { get; init; }

    [Description("True on a preview (?preview=true): chosen drafts and scheduled stories are among the items, their status says so.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Preview { get; init; }
}

/// <summary>A collection in the list: its definition, without items.</summary>
public sealed record CollectionListItem(
    Guid Id, string Slug, string Name, string? Description, CollectionKind Kind, int Capacity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Window,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Which arrangement is in effect and who made it.</summary>
public sealed record ArrangementSummary(
    Guid Id,
    [property: JsonConverter(typeof(JsonSetup.KeepOffset)), Description("In the site's zone.")] DateTimeOffset EffectiveAt,
    [property: Description("The key that made it; null when unknown.")] Guid? MadeByKeyId,
    [property: Description("That key's or person's name (\"bootstrap\" for Cms:BootstrapAdminKey); null when unknown.")] string? MadeByKeyName);

/// <summary>The body of POST and PUT of a scheduled arrangement.</summary>
public sealed record ArrangementWrite(
    [property: Required, Description("When it takes effect: a time to come, with any offset (e.g. 2024-06-20T06:00:00+07:00); it is "
        + "shown back in the site's zone.")] DateTimeOffset? EffectiveAt = null,
    [property: Required, Description("The chosen articles, in order, as in a collection write.")] List<CollectionItemWrite>? Items = null)
    : IHasExample<ArrangementWrite>
{
    public static ArrangementWrite Example => new(new DateTimeOffset(2030, 6, 20, 6, 0, 0, TimeSpan.FromHours(7)),
        [new CollectionItemWrite(ArticleWrite.ExampleArticleId, Pinned: true)]);
}

/// <summary>One arrangement of a collection: past, in effect, or to come.</summary>
public sealed record ArrangementResponse(
    Guid Id,
    [property: JsonConverter(typeof(JsonSetup.KeepOffset)), Description("In the site's zone.")] DateTimeOffset EffectiveAt,
    [property: Description("past, current (in effect now) or upcoming (can still be changed or cancelled).")] ArrangementState State,
    IReadOnlyList<CollectionItem> Items,
    Guid? MadeByKeyId,
    [property: Description("That key's or person's name (\"bootstrap\" for Cms:BootstrapAdminKey); null when unknown.")] string? MadeByKeyName,
    [property: JsonConverter(typeof(JsonSetup.KeepOffset)), Description("When it was made, in the site's zone.")] DateTimeOffset MadeAt,
    [property: Description("The arrangement this one restored; null when it is not a restore.")] Guid? RestoredFromId) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }
}

public enum ArrangementState
{
    Past,
    Current,
    Upcoming,
}

/// <summary>The body of POST /views: what one reader's client read.</summary>
public sealed record ViewBatch(
    [property: Required, Description("Ids of the articles viewed, at most 50. Unknown ones and ones readers cannot see are ignored.")]
    List<Guid>? Articles = null,
    [property: Description("An id the client keeps (an app install, a browser's first-party id; at most 100 characters): a view of the "
        + "same article by the same client within 30 minutes counts once. Without it, the address counts as the client."),
        StringLength(100)] string? Client = null) : IHasExample<ViewBatch>
{
    public const int MaxArticles = 50;

    public static ViewBatch Example => new([ArticleWrite.ExampleArticleId], "3f6c2a9e-app-install");
}
