using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using Cms.Data.Webhooks;

namespace Cms.Api.Webhooks;

/// <summary>The body of POST and PUT.</summary>
[ReadOnlyFields("id", "secret", "disabledReason", "failingSince", "previousSecretUntil", "createdAt", "updatedAt")]
public sealed record WebhookWrite(
    [property: Required, Description("Where events are POSTed: an absolute http(s) URL on a public address.")] string? Url = null,
    [property: Description("The events wanted: names such as article.published, a resource's all (article.*), or * for every one (the default).")]
    List<string>? Events = null,
    [property: Description("Only stories with one of these tag slugs (events about stories; other resources' events pass).")] List<string>? Tags = null,
    [property: Description("Only stories in this language.")] string? Language = null,
    [property: Description("False pauses deliveries; true also clears a reason the dispatcher disabled it for (default true).")] bool? Enabled = null,
    string? Description = null) : IHasExample<WebhookWrite>
{
    public static WebhookWrite Example => new("https://hooks.example.com/cms", ["article.published", "article.updated"], ["politik"], "id",
        Description: "Rebuild the story page and the homepage.");
}

public sealed record WebhookResponse(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Tags,
    string? Language,
    bool Enabled,
    string? Description,
    [property: Description("Why the dispatcher disabled it: 410 Gone from the target, or a day of failures.")] string? DisabledReason,
    [property: Description("Since when every attempt has failed; null once one succeeds.")] DateTimeOffset? FailingSince,
    [property: Description("Until when the secret before the last rotation still signs beside the new one.")] DateTimeOffset? PreviousSecretUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IVersionedResponse
{
    [JsonIgnore]
    public long Version { get; init; }

    [Description("Only in the answers to POST and to a rotation: the signing secret (whsec_...), shown once.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }
}

public sealed record WebhookAttemptResponse(
    DateTimeOffset At,
    [property: Description("The target's status code; null when no answer came (see error).")] int? StatusCode,
    int DurationMs,
    [property: Description("Why no answer came: timeout, refused address, connection error.")] string? Error,
    [property: Description("The start of the target's answer.")] string? Response);

public sealed record WebhookDeliveryResponse(
    Guid Id,
    [property: Description("The event's id: the webhook-id header, the same on every attempt and redelivery.")] Guid EventId,
    [property: Description("The event's type, e.g. article.published.")] string Type,
    DeliveryState State,
    int Attempts,
    [property: Description("When the next attempt is due (pending only).")] DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    [property: Description("Every attempt, oldest first.")] IReadOnlyList<WebhookAttemptResponse> Log);
