using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Articles.Live;

/// <summary>An update posted to a live story, or its new text (PUT).</summary>
public sealed record LiveUpdateWrite(
    [property: Description("A short headline; null for none.")] string? Headline = null,
    [property: Required, Description("Markdown; library photos as ![alt](asset:<id>), as in articles.")] string? Body = null,
    [property: Description("Authors' ids, in byline order; none or left out: no byline.")] List<Guid>? Authors = null)
    : IHasExample<LiveUpdateWrite>
{
    public static LiveUpdateWrite Example => new("Putin tiba di Jakarta",
        "Pesawat kepresidenan Rusia mendarat di Halim Perdanakusuma pukul 12.04 WIB.", [Cms.Api.Authors.AuthorWrite.ExampleReporterId]);
}

/// <summary>A byline of an update: the author as it was when the update was written.</summary>
public sealed record LiveByline(Guid Id, string Slug, string Name);

/// <summary>One update of a live story, as readers see it.</summary>
public sealed record LiveUpdateResponse(
    Guid Id,
    Guid ArticleId,
    [property: Description("Its place in the story: posted updates take growing numbers (the stream's sequence).")] long Sequence,
    string? Headline,
    string Body,
    [property: Description("The body rendered from Markdown and sanitized, library photos as pictures.")] string BodyHtml,
    List<LiveByline> Authors,
    DateTimeOffset PublishedAt,
    [property: Description("publishedAt in the newsroom's time zone (Site:TimeZone): print it as it is."),
               JsonConverter(typeof(JsonSetup.KeepOffset))] DateTimeOffset PublishedAtLocal,
    [property: Description("Shown first: at most one update of a story is pinned.")] bool Pinned,
    [property: Description("When it was last edited; null when never.")] DateTimeOffset? EditedAt) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }

    [JsonIgnore]
    public long ChangedSequence { get; init; }

    [Description("The update on the story's page on the frontend: the story's url and #update-{id}; left out without a base URL.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
}

/// <summary>A page of a live story's updates.</summary>
public sealed record LiveUpdatePage(
    [property: Description("Newest first; the pinned update first on the first page. With after: the updates posted or changed "
        + "after that sequence, oldest change first.")] List<LiveUpdateResponse> Items,
    [property: Description("Send as cursor for the next (older) page; null on the last page, and with after.")] string? NextCursor,
    [property: Description("With after: the ids of updates deleted after that sequence; otherwise empty.")] List<Guid> Deleted,
    [property: Description("The story's newest sequence: send it as after next time (or as Last-Event-ID to the stream).")] long LastSequence,
    [property: Description("How many updates the story has.")] int Total);

/// <summary>A story's live coverage, as its read carries it.</summary>
public sealed record LiveCoverageResponse(
    DateTimeOffset StartedAt,
    [property: JsonConverter(typeof(JsonSetup.KeepOffset))] DateTimeOffset StartedAtLocal,
    [property: Description("Set once the coverage ended; null while it goes on.")] DateTimeOffset? EndedAt,
    [property: Description("endedAt in the newsroom's time zone.")] DateTimeOffset? EndedAtLocal,
    [property: Description("How many updates the story has.")] int Total,
    [property: Description("The story's newest sequence: the stream's Last-Event-ID, updates?after=.")] long LastSequence,
    [property: Description("The newest updates (Live:UpdatesInArticle, default 10), the pinned one first.")] List<LiveUpdateResponse> Updates)
{
    [JsonIgnore]
    public bool IsLive => EndedAt is null;
}

/// <summary>The data of an update.deleted event: which update, and the sequence it had.</summary>
public sealed record LiveUpdateDeleted(Guid Id, long Sequence);

/// <summary>The data of a coverage.ended event.</summary>
public sealed record LiveCoverageEnded(DateTimeOffset StartedAt, DateTimeOffset EndedAt);
