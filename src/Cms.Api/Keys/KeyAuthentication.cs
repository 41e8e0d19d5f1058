using System.Security.Claims;
using System.Text.Encodings.Web;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cms.Api.Keys;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. A missing header is anonymous; a header that names no
/// live key fails, and a failed key is refused with 401 even where anonymous callers may read, so a
/// client learns at once that its key was revoked instead of silently seeing less.
/// </summary>
public sealed class KeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || header.Length == Bearer.Length)
        {
            return AuthenticateResult.Fail("Send the key as Authorization: Bearer <key>.");
        }
        // The store (and its pooled database context) only for a request that brings a key.
        var key = await Context.RequestServices.GetRequiredService<KeyStore>()
            .FindAsync(header[Bearer.Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }
        if (key.ExpiredAt is { } expired)
        {
            return AuthenticateResult.Fail(new KeyExpired(
                $"The API key '{key.Name}' expired at {expired.UtcDateTime:yyyy-MM-dd HH:mm} UTC; an admin can make a new one."));
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(Caller.KeyIdClaim, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Name),
                new Claim(ClaimTypes.Role, key.Role.ToString().ToLowerInvariant()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Write(StatusCodes.Status401Unauthorized, result.Failure is KeyExpired ? ErrorCodes.KeyExpired : ErrorCodes.Unauthorized,
            result.Failure?.Message ?? "This needs an API key: Authorization: Bearer <key>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Write(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This role may not do this.");
    }

    /// <summary>The failure of a key that matched but is past its expiry.</summary>
    private sealed class KeyExpired(string message) : Exception(message);

    private async Task Write(int status, string code, string detail)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = detail };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }
}
