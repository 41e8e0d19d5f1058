using Cms.Api.Infrastructure;
using Cms.Api.Keys.People;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Cms.Api.Keys;

/// <summary>Authentication by API key or a person's session, and one policy per role ("editor" admits editors and admins).</summary>
public static class AccessSetup
{
    /// <summary>Reads of content: open to anyone unless Cms:RequireKeyForReads.</summary>
    public const string Read = "read";

    private const string KeyOrSession = "KeyOrSession";

    public static string Policy(KeyRole role) => role.ToString().ToLowerInvariant();

    public static IServiceCollection AddCmsAccess(this IServiceCollection services)
    {
        services.AddScoped<KeyStore>();
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, options =>
        {
            options.AddDocumentTransformer<OpenApiSecurity>();
            options.AddOperationTransformer<OpenApiSecurity>();
        });
        // A request with an Authorization header is a key's; any other may be a person's session (its cookie). Challenges
        // and refusals are always the key handler's problems, never a cookie's redirect.
        services.AddAuthentication(KeyOrSession)
            .AddPolicyScheme(KeyOrSession, null, o =>
            {
                o.ForwardDefaultSelector = c => c.Request.Headers.Authorization.Count > 0 ? KeyAuthenticationHandler.SchemeName : PeopleSetup.Scheme;
                o.ForwardChallenge = KeyAuthenticationHandler.SchemeName;
                o.ForwardForbid = KeyAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(KeyAuthenticationHandler.SchemeName, null);
        services.AddCmsPeople();
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, policy => policy.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true
                || context.Resource is not HttpContext http
                || !http.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.RequireKeyForReads));
        foreach (var role in Enum.GetValues<KeyRole>())
        {
            services.AddAuthorizationBuilder().AddPolicy(Policy(role), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => Caller.Of(context.User).Can(role)));
        }
        return services;
    }

    public static WebApplication UseCmsAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // A key that fails is refused everywhere, even where no key is needed, and counts against its
            // address; past the limit, the address's keys are not even looked up. The handler caches its
            // result per request, so asking again costs nothing.
            if (context.Request.Headers.Authorization.Count > 0)
            {
                var limits = context.RequestServices.GetRequiredService<RateLimits>();
                if (!await limits.MayTryKeyAsync(context))
                {
                    return;
                }
                if ((await context.AuthenticateAsync()).Failure is not null)
                {
                    await limits.CountFailedKeyAsync(context);
                    await context.ChallengeAsync();
                    return;
                }
            }
            else if (!await PeopleSetup.CheckCsrfAsync(context))
            {
                return;
            }
            if (context.User.Identity?.IsAuthenticated == true)
            {
                // An endpoint that authorizes no one (stored media, health) answers every caller alike: its own
                // Cache-Control stands. Everything else a key may see is for that key alone.
                var endpoint = context.GetEndpoint();
                if (endpoint is null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null)
                {
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers.CacheControl = "private, no-store";
                        return Task.CompletedTask;
                    });
                }
            }
            context.Response.Headers.Vary = "Authorization";
            await next(context);
        });
        // After authentication, so a key's requests count against the key, not its address.
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
