using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Cms.Data.Infrastructure;

namespace Cms.Data.Collections;

/// <summary>How a collection's items are chosen.</summary>
public enum CollectionKind
{
    /// <summary>The articles the editors chose, in their order, with the filler after them.</summary>
    Manual,

    /// <summary>The filler alone: the newest stories it matches.</summary>
    Automatic,

    /// <summary>The stories most read in the window, among those the filler matches.</summary>
    MostRead,
}

/// <summary>
/// A list editors arrange for a homepage, a section front or an app screen (docs/collections.md). What it shows now is
/// its arrangement effective now (<see cref="CollectionArrangement"/>), completed by its filler; readers see only the
/// stories they may read, so a story that goes away leaves without anyone editing the collection.
/// </summary>
public sealed class Collection : ISynced
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public CollectionKind Kind { get; set; }

    /// <summary>At most this many items are shown (1 to 100).</summary>
    public int Capacity { get; set; }

    /// <summary>The <see cref="CollectionFiller"/> as JSON; null when there is none.</summary>
    public string? FillerJson { get; set; }

    /// <summary>Of a most-read collection: 1h, 24h or 7d.</summary>
    public string? Window { get; set; }

    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CollectionArrangement> Arrangements { get; set; } = [];
}

/// <summary>
/// An order of chosen articles, effective from its minute until the next one's: every edit of a collection's items
/// writes a new one (the old ones are its history, and can be restored), and one whose time is still to come is
/// scheduled (it can be changed or cancelled until then).
/// </summary>
public sealed class CollectionArrangement : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectionId { get; set; }
    public DateTimeOffset EffectiveAt { get; set; }

    /// <summary>The chosen items, in order: a JSON array of <see cref="CollectionItem"/>.</summary>
    public required string ItemsJson { get; set; }

    /// <summary>The key that made it (<c>Guid.Empty</c>: the bootstrap key); null when unknown.</summary>
    public Guid? MadeByKeyId { get; set; }

    /// <summary>The arrangement this one restored, if it is a restore.</summary>
    public Guid? RestoredFromId { get; set; }

    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One chosen article; a pinned one keeps its position whatever happens to the others.</summary>
public sealed record CollectionItem(Guid ArticleId, bool Pinned = false)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<CollectionItem> Read(string json) => JsonSerializer.Deserialize<List<CollectionItem>>(json, Json) ?? [];

    public static string Write(IEnumerable<CollectionItem> items) => JsonSerializer.Serialize(items, Json);
}

/// <summary>
/// Which stories fill a collection, in the article list's words (<c>tag</c>, <c>tagMode</c>, <c>author</c>,
/// <c>language</c>): the newest first.
/// </summary>
public sealed record CollectionFiller(
    [property: Description("Only stories with these tags (slugs): any of them, or all with tagMode all.")] string[]? Tag = null,
    [property: Description("any (default) or all: how several tags combine."), AllowedValues("any", "all", null)] string? TagMode = null,
    [property: Description("Only stories with this author (slug) in their byline.")] string? Author = null,
    [property: Description("Only stories in this language (e.g. id, en).")] string? Language = null)
{
    public static CollectionFiller? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<CollectionFiller>(json, CollectionItem.Json);

    public static string? Write(CollectionFiller? filler) => filler is null ? null : JsonSerializer.Serialize(filler, CollectionItem.Json);

    /// <summary>Whether a story with these tags, bylines and language is one the filler takes (webhooks ask).</summary>
    public bool Matches(IReadOnlyCollection<string> tags, IReadOnlyCollection<string> authors, string? language) =>
        (Tag is not { Length: > 0 } wanted || (TagMode == "all" ? wanted.All(tags.Contains) : wanted.Any(tags.Contains)))
        && (Author is null || authors.Contains(Author))
        && (Language is null || string.Equals(Language, language, StringComparison.OrdinalIgnoreCase));
}
