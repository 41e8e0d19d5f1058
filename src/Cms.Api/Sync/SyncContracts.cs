using System.Buffers.Text;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cms.Api.Articles;
using Cms.Api.Authors;
using Cms.Api.Media;
using Cms.Api.Tags;

namespace Cms.Api.Sync;

/// <summary>One changed resource: its current state, or that it is gone (deleted, or no longer visible).</summary>
public sealed record SyncItem(
    [property: Description("article, author, tag, asset, collection or liveupdate (an update of a live story)."),
               System.ComponentModel.DataAnnotations.AllowedValues("article", "author", "tag", "asset", "collection", "liveupdate")] string Resource,
    Guid Id,
    [property: Description("True when the resource was deleted or the caller may no longer see it: remove it.")] bool Deleted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArticleResponse? Article = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AuthorResponse? Author = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TagResponse? Tag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AssetResponse? Asset = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("With its items as readers see them when it changed.")]
    Collections.CollectionResponse? Collection = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Articles.Live.LiveUpdateResponse? LiveUpdate = null);

public sealed record SyncMeta(
    [property: Description("Pass as since on the next call.")] string NextToken,
    [property: Description("True while more changes wait: call again at once with nextToken.")] bool HasMore);

public sealed record SyncPage(IReadOnlyList<SyncItem> Data, SyncMeta Meta);

/// <summary>
/// How far a client has synced: the last change-log entry it has seen, and the instant it last caught
/// up (scheduled stories that became visible since then are passed on too). Opaque to clients.
/// </summary>
public sealed record SyncToken(long Seq, DateTimeOffset At)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly SyncToken Start = new(0, DateTimeOffset.MinValue);

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, Json));

    public static SyncToken? TryParse(string text)
    {
        try
        {
            var token = JsonSerializer.Deserialize<SyncToken>(Base64Url.DecodeFromChars(text), Json);
            return token is { Seq: >= 0 } ? token : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
