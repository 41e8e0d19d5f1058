using Cms.Api.Infrastructure;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Cms.Api.Keys.People;

/// <summary>Signing in and out: the session cookie, and the antiforgery token its writes carry.</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/session").WithTags("People").AddEndpointFilter<ValidationFilter>().ProducesProblems(500, 503);
        group.MapPost("", SignIn).WithName("signIn").WithSummary("Sign in")
            .WithDescription("Checks a person's e-mail and password and starts a session: the HttpOnly cookie cms_session "
                + "(SameSite=Strict, 12 hours, renewed while used), which the API accepts beside keys. The answer has the "
                + "person and the token every write of the session sends as X-CSRF-Token. A wrong e-mail or password, or a "
                + "disabled account, is 401 sign_in_failed; after 5 failures in a row the account refuses sign-ins for 15 "
                + "minutes (401 account_locked), and failures count against the address's failedKeys budget (429).")
            .Accepts<SignInWrite>("application/json").ProducesProblems(400, 401, 413, 415, 422, 429);
        group.MapGet("", Read).WithName("readSession").WithSummary("Read the session")
            .WithDescription("The signed-in person and a fresh X-CSRF-Token for the session's writes. 401 without a session "
                + "(a key has none).")
            .ProducesProblems(401);
        group.MapDelete("", (Delegate)SignOut).WithName("signOut").WithSummary("Sign out")
            .WithDescription("Ends this session: the cookie is removed. Needs X-CSRF-Token, as every write of a session does.")
            .ProducesProblems(401, 403);
        group.MapPut("/password", ChangePassword).WithName("changePassword").WithSummary("Change my password")
            .WithDescription("The signed-in person changes their own password, giving the current one: their other sessions "
                + "end, this one goes on (its cookie is renewed; the answer has the new X-CSRF-Token). A wrong current "
                + "password is 422 with errors.currentPassword and counts against the address's failedKeys budget (429); "
                + "a new one that is too short is 422 with errors.newPassword. 401 without a session (a key has no password).")
            .Accepts<PasswordChange>("application/json").ProducesProblems(400, 401, 403, 413, 415, 422, 429);
        return app;
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult, EmptyHttpResult>> ChangePassword(
        JsonBody<PasswordChange> body, HttpContext http, UserManager<Person> users, SignInManager<Person> signIn,
        RateLimits limits, IAntiforgery antiforgery, TimeProvider clock)
    {
        if (await SignedInAsync(http, users) is not { } person)
        {
            return NoSession();
        }
        if (!await limits.MayTryKeyAsync(http))
        {
            return TypedResults.Empty;
        }
        var result = await users.ChangePasswordAsync(person, body.Value.CurrentPassword!, body.Value.NewPassword!);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            await limits.CountFailedKeyAsync(http);
            return Problems.ValidationFailed(new Dictionary<string, string[]> { ["currentPassword"] = ["This is not the current password."] });
        }
        if (!result.Succeeded)
        {
            return Problems.ValidationFailed(new Dictionary<string, string[]> { ["newPassword"] = [.. result.Errors.Select(e => e.Description)] });
        }
        // The new security stamp ends every other session; this one is signed in again with it.
        await signIn.SignInAsync(person, isPersistent: true);
        http.User = await signIn.CreateUserPrincipalAsync(person);
        return TypedResults.Ok(new SessionResponse(PeopleEndpoints.Response(person, clock), antiforgery.GetAndStoreTokens(http).RequestToken!));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult, EmptyHttpResult>> SignIn(
        JsonBody<SignInWrite> body, HttpContext http, UserManager<Person> users, SignInManager<Person> signIn,
        RateLimits limits, IAntiforgery antiforgery, TimeProvider clock)
    {
        if (!await limits.MayTryKeyAsync(http))
        {
            return TypedResults.Empty;
        }
        var person = await users.FindByEmailAsync(body.Value.Email!.Trim());
        if (person is null || person.DisabledAt is not null || person.PasswordHash is null)
        {
            // The same answer as a wrong password, and about the same time: no account's existence is told.
            users.PasswordHasher.VerifyHashedPassword(Placeholder, Placeholder.PasswordHash!, body.Value.Password!);
            return await Failed(http, limits);
        }
        var result = await signIn.CheckPasswordSignInAsync(person, body.Value.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await limits.CountFailedKeyAsync(http);
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.AccountLocked,
                $"Too many failed sign-ins: this account accepts none until {person.LockoutEnd:u}, or an admin's reset link.");
        }
        if (!result.Succeeded)
        {
            return await Failed(http, limits);
        }
        person.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(person);
        await signIn.SignInAsync(person, isPersistent: true);
        // The antiforgery token is bound to the person, so it is made for them now; the audit entry names them too.
        http.User = await signIn.CreateUserPrincipalAsync(person);
        return TypedResults.Ok(new SessionResponse(PeopleEndpoints.Response(person, clock), antiforgery.GetAndStoreTokens(http).RequestToken!));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Read(
        HttpContext http, UserManager<Person> users, IAntiforgery antiforgery, TimeProvider clock)
    {
        if (await SignedInAsync(http, users) is not { } person)
        {
            return NoSession();
        }
        return TypedResults.Ok(new SessionResponse(PeopleEndpoints.Response(person, clock), antiforgery.GetAndStoreTokens(http).RequestToken!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SignOut(HttpContext http)
    {
        if (http.User.Identity?.AuthenticationType != PeopleSetup.Scheme)
        {
            return NoSession();
        }
        await http.SignOutAsync(PeopleSetup.Scheme);
        return TypedResults.NoContent();
    }

    /// <summary>The person of the request's session; null for a key or nobody.</summary>
    internal static async Task<Person?> SignedInAsync(HttpContext http, UserManager<Person> users) =>
        http.User.Identity?.AuthenticationType == PeopleSetup.Scheme ? await users.GetUserAsync(http.User) : null;

    internal static ProblemHttpResult NoSession() =>
        Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Not signed in: POST /api/v1/session starts a session.");

    private static async Task<ProblemHttpResult> Failed(HttpContext http, RateLimits limits)
    {
        await limits.CountFailedKeyAsync(http);
        return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.SignInFailed, "The e-mail address or the password is wrong.");
    }

    private static readonly Person Placeholder = new()
    {
        Name = "",
        PasswordHash = new PasswordHasher<Person>().HashPassword(null!, Guid.NewGuid().ToString()),
    };
}
