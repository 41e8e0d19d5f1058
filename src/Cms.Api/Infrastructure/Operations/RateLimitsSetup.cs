using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;

namespace Cms.Api.Infrastructure;

public static class RateLimitsSetup
{
    public static IServiceCollection AddCmsRateLimits(this IServiceCollection services)
    {
        services.AddProblemExtension<RateLimitPolicy>("policy", "On 429 rate_limited: the budget that ran out, as the RateLimit headers name it.");
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.WindowSeconds is >= 1 and <= 86_400, "RateLimits:WindowSeconds: from 1 to 86400.")
            .Validate(o => o.AnonymousReads >= 0 && o.KeyReads >= 0 && o.Writes >= 0 && o.FailedKeys >= 0,
                "RateLimits: a budget is 0 (no limit) or more.")
            .ValidateOnStart();
        services.AddSingleton<RateLimits>();
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, o => o.AddDocumentTransformer<RateLimitsOpenApi>());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((o, limits) =>
        {
            o.GlobalLimiter = limits.ForRequests;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(limits.RefuseAsync(context.HttpContext, context.Lease));
        });
        return services;
    }
}
