using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Cms.Api.Webhooks;

public static class WebhooksSetup
{
    public static IServiceCollection AddCmsWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 60, "Webhooks:TimeoutSeconds: from 1 to 60.")
            .Validate(o => o.PollMilliseconds is >= 10 and <= 60_000, "Webhooks:PollMilliseconds: from 10 to 60000.")
            .Validate(o => o.SecretGraceHours is >= 0 and <= 24 * 30, "Webhooks:SecretGraceHours: from 0 to 720.")
            .Validate(o => o.KeepDays is >= 1 and <= 3650, "Webhooks:KeepDays: from 1 to 3650.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookTargets.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpContextAccessor();
        services.AddSingleton<Cms.Data.Webhooks.ISaveActor, RequestActor>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookLogPruning>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookLogPruning>());
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}

/// <summary>The request's key or signed-in person, as webhook payloads name who made a change.</summary>
public sealed class RequestActor(IHttpContextAccessor http) : Cms.Data.Webhooks.ISaveActor
{
    public Cms.Data.Webhooks.WebhookActor? Current =>
        http.HttpContext?.User is { } user && Keys.Caller.Of(user).KeyId is { } id
            ? new(id, user.FindFirstValue(ClaimTypes.Name) ?? "",
                user.Identity?.AuthenticationType == Keys.People.PeopleSetup.Scheme ? "person" : "key")
            : null;
}
