using Cms.Api.Infrastructure;
using Cms.Data.Infrastructure;
using FluentValidation;

namespace Cms.Api.Webhooks;

public sealed class WebhookWriteValidator : AbstractValidator<WebhookWrite>
{
    public WebhookWriteValidator()
    {
        RuleFor(w => w.Url).NotEmpty().MaximumLength(Limits.Url)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo))
            .WithMessage("An absolute http(s) URL without credentials, e.g. https://www.example.id/api/revalidate.");
        RuleFor(w => w.Events).Must(e => e is null || e.Count is >= 1 and <= 50).WithMessage("From 1 to 50 event names.");
        RuleForEach(w => w.Events).Must(WebhookEvents.IsPattern)
            .WithMessage(e => $"'{e}' is not an event: one of {string.Join(", ", WebhookEvents.Types)}, a resource's all (article.*), or *.");
        RuleFor(w => w.Tags).Must(t => t is null || t.Count <= 50).WithMessage("At most 50 tag slugs.");
        RuleForEach(w => w.Tags).Slug();
        RuleFor(w => w.Language).MaximumLength(35);
        RuleFor(w => w.Description).MaximumLength(Limits.ShortText);
    }
}

/// <summary>The events a webhook can ask for.</summary>
public static class WebhookEvents
{
    public static readonly string[] Resources = ["article", "author", "tag", "asset", "collection", "liveupdate"];

    public static readonly string[] Types =
    [
        "article.created", "article.updated", "article.published", "article.unpublished", "article.archived", "article.deleted",
        "author.created", "author.updated", "author.deleted", "tag.created", "tag.updated", "tag.deleted",
        "asset.created", "asset.updated", "asset.deleted", "collection.created", "collection.updated", "collection.deleted",
        "liveupdate.created", "liveupdate.updated", "liveupdate.deleted", "webhook.ping",
    ];

    public static bool IsPattern(string? pattern) =>
        pattern is "*" || Types.Contains(pattern) || (pattern?.EndsWith(".*", StringComparison.Ordinal) == true && Resources.Contains(pattern[..^2]));
}
