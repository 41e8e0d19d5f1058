using Microsoft.Extensions.DependencyInjection.Extensions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Keys.People;

/// <summary>
/// Staff accounts with ASP.NET Core Identity (password hashing, lockout, security stamps, one-time links) and the
/// session cookie the API accepts beside keys; writes made with the cookie must carry the antiforgery header.
/// </summary>
public static class PeopleSetup
{
    /// <summary>The header a cookie session's writes carry, with the token <c>GET /session</c> answers.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The scheme of a session's cookie, Identity's own.</summary>
    public static readonly string Scheme = IdentityConstants.ApplicationScheme;

    public static IServiceCollection AddCmsPeople(this IServiceCollection services)
    {
        services.AddIdentityCore<Person>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B); the hasher is Identity's PBKDF2.
                o.Password = new PasswordOptions
                {
                    RequiredLength = 10, RequireDigit = false, RequireLowercase = false, RequireUppercase = false,
                    RequireNonAlphanumeric = false, RequiredUniqueChars = 4,
                };
                o.Lockout = new LockoutOptions { AllowedForNewUsers = true, MaxFailedAccessAttempts = 5, DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15) };
                o.Tokens.PasswordResetTokenProvider = TokenOptions.DefaultProvider;
            })
            .AddUserStore<UserOnlyStore<Person, CmsDbContext, Guid>>()
            .AddClaimsPrincipalFactory<PersonPrincipals>()
            .AddSignInManager()
            .AddTokenProvider<DataProtectorTokenProvider<Person>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<InvitationTokens>(InvitationTokens.ProviderName);
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = PasswordLinks.ResetLifespan);
        // Passkeys: Identity's handler; the relying party is the host the app is served from (Site:BaseUrl's for a frontend
        // elsewhere would need IdentityPasskeyOptions.ServerDomain). The ceremony's state waits in the two-factor cookie.
        services.TryAddScoped<IPasskeyHandler<Person>, PasskeyHandler<Person>>();
        services.AddAuthentication().AddCookie(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "cms_passkey";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme).Configure<IHostEnvironment>((o, env) =>
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);

        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = Credentials.SessionCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
            // Challenges and refusals are the key scheme's problems (AccessSetup forwards them); never a redirect.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IHostEnvironment>((o, env) =>
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        // The antiforgery cookie is no credential on its own (it pairs with the header), so it follows the request's scheme:
        // with Always, antiforgery throws on a plain-http request instead of answering.
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "cms_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddScoped<PasswordLinks>();
        return services;
    }

    /// <summary>
    /// Every request of a session reads its person: a changed security stamp (disabled, new password) ends the session
    /// at once, and the role and name are the person's as they are now. Identity's SecurityStampValidator does the same
    /// at an interval and renews the cookie each time; here the cookie is left alone (it slides on its own).
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<Person>>();
        if (context.Principal is { } principal && await signIn.ValidateSecurityStampAsync(principal) is { DisabledAt: null } person)
        {
            context.ReplacePrincipal(await signIn.CreateUserPrincipalAsync(person));
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }

    /// <summary>
    /// After authentication: a write made with a session's cookie must carry the antiforgery token in
    /// <see cref="CsrfHeader"/>, or it is refused with 403 csrf_failed. Keys are not cookies, so their writes need none.
    /// </summary>
    public static async Task<bool> CheckCsrfAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            || context.User.Identity?.AuthenticationType != Scheme)
        {
            return true;
        }
        if (await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return true;
        }
        await Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.CsrfFailed,
                $"A write with a session's cookie needs the {CsrfHeader} header with the token GET /api/v1/session answers.")
            .ExecuteAsync(context);
        return false;
    }
}

/// <summary>Invitation links: Identity's data-protected tokens under their own purpose and a 72-hour life.</summary>
public sealed class InvitationTokens(IDataProtectionProvider protection, IOptions<InvitationTokenOptions> options,
    ILogger<DataProtectorTokenProvider<Person>> logger) : DataProtectorTokenProvider<Person>(protection, options, logger)
{
    public const string ProviderName = "Invitation";
}

public sealed class InvitationTokenOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenOptions()
    {
        Name = InvitationTokens.ProviderName;
        TokenLifespan = PasswordLinks.InvitationLifespan;
    }
}
