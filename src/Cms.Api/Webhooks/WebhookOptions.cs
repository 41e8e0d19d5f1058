namespace Cms.Api.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this replica sends deliveries (every replica may; each delivery is claimed by one).</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for due deliveries, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>How long one attempt may take, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How long a rotated-out secret still signs, in hours.</summary>
    public int SecretGraceHours { get; set; } = 24;

    /// <summary>How long the delivery log keeps a delivery after it ended (delivered, or failed for good), in days.</summary>
    public int KeepDays { get; set; } = 30;

    /// <summary>Allow targets on loopback, private and link-local addresses: for development and tests only.</summary>
    public bool AllowPrivateTargets { get; set; }
}
