using Cms.Data.Infrastructure;

namespace Cms.Data.Webhooks;

/// <summary>
/// A receiver of events: where to send them, which ones, and the secret they are signed with (Standard Webhooks).
/// Never deleted by the dispatcher: a failing one is disabled with its reason.
/// </summary>
public sealed class Webhook : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Url { get; set; }

    /// <summary>The event types it wants, a JSON array: names such as article.published, or wildcards such as article.*.</summary>
    public string EventsJson { get; set; } = "[\"*\"]";

    /// <summary>Only events about resources with one of these tag slugs (a JSON array; empty: any).</summary>
    public string TagsJson { get; set; } = "[]";

    /// <summary>Only events about resources in this language (null: any).</summary>
    public string? Language { get; set; }

    public bool Enabled { get; set; } = true;
    public string? Description { get; set; }

    /// <summary>The signing secret, whsec_ and base64 of random bytes: kept, since every delivery is signed with it.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation, still signing beside the new one until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretUntil { get; set; }

    /// <summary>Since when every attempt has failed (null while the last one succeeded).</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>Why the dispatcher disabled it (410 Gone, failing for a day), until it is enabled again.</summary>
    public string? DisabledReason { get; set; }

    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Something that happened to a resource, written in the same transaction as the change (the outbox): its type, the
/// resource's id, and the facts a receiver needs (<see cref="DataJson"/>). A scheduled story's publication is written
/// when it is scheduled, due at its minute.
/// </summary>
public sealed class WebhookEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Type { get; set; }
    public required string Resource { get; set; }
    public Guid ResourceId { get; set; }

    /// <summary>The event's facts as JSON (<see cref="WebhookEventData"/>).</summary>
    public required string DataJson { get; set; }

    /// <summary>When it happens: the write's time, or a scheduled story's publication time.</summary>
    public DateTimeOffset OccursAt { get; set; }
}

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event to one webhook: attempted until delivered or out of retries.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WebhookId { get; set; }
    public Guid EventId { get; set; }
    public WebhookEvent? Event { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (pending only).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Until when a dispatcher holds it: another one takes it only after (a crashed replica's lease runs out).</summary>
    public DateTimeOffset? LeasedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The body as first sent, so every retry sends (and signs) the same bytes.</summary>
    public string? Body { get; set; }

    /// <summary>A detached copy of its columns.</summary>
    public WebhookDelivery Copy() => (WebhookDelivery)MemberwiseClone();
}

/// <summary>One try of a delivery: the delivery log.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeliveryId { get; set; }
    public Guid WebhookId { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }

    /// <summary>The start of the response body (at most <see cref="Limits.ShortText"/> characters).</summary>
    public string? Response { get; set; }
}

/// <summary>
/// The facts of an event, stored with it; the API adds the frontend url and cache tags when it sends. A live update's
/// event names its story: <see cref="Slug"/>, status, time and language are the story's, <see cref="ArticleId"/> its id.
/// </summary>
public sealed record WebhookEventData(
    Guid Id,
    string? Slug,
    string? PreviousSlug,
    string? Status,
    DateTimeOffset? PublishedAt,
    string? Language,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Authors,
    Guid? ArticleId = null,
    WebhookActor? Actor = null);
