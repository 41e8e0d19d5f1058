using Cms.Data.Infrastructure;

namespace Cms.Data.Live;

/// <summary>
/// A story's live coverage (docs/live.md): when it started and, once ended, when it ended; and the story's counter of
/// changes, from which every update and every event of the stream takes its sequence. One row per live story, keyed by
/// the article's id. <see cref="LastSequence"/> is the concurrency token: two updates posted at once cannot take the
/// same number (the second save fails and is retried by the API).
/// </summary>
public sealed class LiveCoverage
{
    /// <summary>The article's id.</summary>
    public Guid Id { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Set when the coverage ended: no update is posted until it is reopened.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The sequence of the story's newest change (0: none yet).</summary>
    public long LastSequence { get; set; }

    /// <summary>Takes the next sequence: every change of the coverage takes one.</summary>
    public long Next() => ++LastSequence;
}

/// <summary>
/// One update of a live story: a short post with an optional headline, a Markdown body (its sanitized HTML kept with
/// the asset pictures filled at write time), bylines, and a place in the story's sequence. Synced (<c>/sync</c>).
/// </summary>
public sealed class LiveUpdate : ISynced
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ArticleId { get; set; }

    /// <summary>The sequence it was posted with; never changes.</summary>
    public long Sequence { get; set; }

    /// <summary>The sequence of its last change (posted, edited, pinned or unpinned): what <c>?after=</c> compares.</summary>
    public long ChangedSequence { get; set; }

    public string? Headline { get; set; }
    public required string Body { get; set; }
    public required string BodyHtml { get; set; }

    /// <summary>The bylines as shown, a JSON array of { id, slug, name }, copied at write time.</summary>
    public string BylinesJson { get; set; } = "[]";

    public DateTimeOffset PublishedAt { get; set; }
    public bool Pinned { get; set; }
    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>The key that posted it: a writer edits only its own.</summary>
    public Guid? CreatedByKeyId { get; set; }

    public Guid? UpdatedByKeyId { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What happened in a live story's stream (<see cref="LiveEvents"/> names the kinds).</summary>
public enum LiveEventKind
{
    UpdateCreated,
    UpdateEdited,
    UpdateDeleted,
    UpdatePinned,
    UpdateUnpinned,
    CoverageEnded,
}

/// <summary>
/// One event of a live story's stream, kept so that a reader who reconnects with <c>Last-Event-ID</c> gets every event
/// after it exactly once, on any replica: the story's id and the sequence are its key. <see cref="DataJson"/> is the
/// event's data as the stream sends it (the update as read then; for a deletion its id and sequence).
/// </summary>
public sealed class LiveEvent
{
    public Guid ArticleId { get; set; }
    public long Sequence { get; set; }
    public LiveEventKind Kind { get; set; }
    public Guid? UpdateId { get; set; }
    public required string DataJson { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The stream's names of the event kinds.</summary>
public static class LiveEvents
{
    public static readonly IReadOnlyList<string> Names =
        ["update.created", "update.edited", "update.deleted", "update.pinned", "update.unpinned", "coverage.ended"];

    public static string Name(LiveEventKind kind) => Names[(int)kind];
}
