using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Cms.Api.Infrastructure;
using Cms.Data.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Keys.People;

/// <summary>
/// Passkeys (WebAuthn), ASP.NET Core Identity's own: a signed-in person adds one (creation options, then the browser's
/// credential), and signs in with it later (request options, then the assertion). The ceremony's state lives in
/// Identity's short-lived two-factor cookie between its two requests.
/// </summary>
public static class PasskeyEndpoints
{
    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/session").WithTags("People").AddEndpointFilter<ValidationFilter>().ProducesProblems(500, 503);
        group.MapPost("/passkey/options", SignInOptions).WithName("passkeySignInOptions").WithSummary("Start a passkey sign-in")
            .WithDescription("WebAuthn request options (PublicKeyCredentialRequestOptionsJSON) for navigator.credentials.get(), "
                + "for any of the site's passkeys (discoverable credentials: no e-mail is asked). Send the credential to signInWithPasskey.")
            .ProducesProblems(429);
        group.MapPost("/passkey", SignIn).WithName("signInWithPasskey").WithSummary("Sign in with a passkey")
            .WithDescription("Checks the browser's assertion against the options just issued and starts a session as signIn "
                + "does. A credential that is unknown, for another site or replayed, or a disabled account, is 401 "
                + "sign_in_failed, counted against the address's failedKeys budget (429).")
            .Accepts<PasskeyCredential>("application/json").ProducesProblems(400, 401, 413, 415, 422, 429);
        group.MapGet("/passkeys", List).WithName("listPasskeys").WithSummary("List my passkeys")
            .WithDescription("The signed-in person's passkeys. 401 without a session.").ProducesProblems(401);
        group.MapPost("/passkeys/options", CreationOptions).WithName("passkeyCreationOptions").WithSummary("Start adding a passkey")
            .WithDescription("WebAuthn creation options (PublicKeyCredentialCreationOptionsJSON) for navigator.credentials.create(), "
                + "for the signed-in person. Send the new credential to addPasskey. 401 without a session.")
            .ProducesProblems(401, 403);
        group.MapPost("/passkeys", Add).WithName("addPasskey").WithSummary("Add a passkey")
            .WithDescription("Checks the browser's new credential against the options just issued and keeps it under the "
                + "given name. 422 when the credential does not pass (wrong site, no options issued, another person's).")
            .Accepts<PasskeyCredential>("application/json").ProducesProblems(400, 401, 403, 413, 415, 422);
        group.MapDelete("/passkeys/{id}", Remove).WithName("removePasskey").WithSummary("Remove a passkey")
            .WithDescription("The passkey of this id (base64url, as listed) stops signing the person in. 404 when they have none such.")
            .ProducesProblems(400, 401, 403, 404);
        return app;
    }

    public static async Task<Results<Ok<PasskeyOptions>, EmptyHttpResult>> SignInOptions(
        HttpContext http, SignInManager<Person> signIn, RateLimits limits)
    {
        if (!await limits.MayTryKeyAsync(http))
        {
            return TypedResults.Empty;
        }
        return TypedResults.Ok(new PasskeyOptions(JsonDocument.Parse(await signIn.MakePasskeyRequestOptionsAsync(null)).RootElement));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult, EmptyHttpResult>> SignIn(
        JsonBody<PasskeyCredential> body, HttpContext http, UserManager<Person> users, SignInManager<Person> signIn,
        RateLimits limits, IAntiforgery antiforgery, TimeProvider clock)
    {
        if (!await limits.MayTryKeyAsync(http))
        {
            return TypedResults.Empty;
        }
        var result = await Underway(() => signIn.PerformPasskeyAssertionAsync(body.Value.Credential!.Value.GetRawText()));
        if (result is not { Succeeded: true, User: { DisabledAt: null } person } || await users.IsLockedOutAsync(person))
        {
            await limits.CountFailedKeyAsync(http);
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.SignInFailed, "This passkey does not sign anyone in here.");
        }
        await users.AddOrUpdatePasskeyAsync(person, result.Passkey); // its new signature counter
        person.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(person);
        await signIn.SignInAsync(person, isPersistent: true, authenticationMethod: "passkey");
        http.User = await signIn.CreateUserPrincipalAsync(person);
        return TypedResults.Ok(new SessionResponse(PeopleEndpoints.Response(person, clock), antiforgery.GetAndStoreTokens(http).RequestToken!));
    }

    public static async Task<Results<Ok<List<PasskeyResponse>>, ProblemHttpResult>> List(HttpContext http, UserManager<Person> users)
    {
        if (await SessionEndpoints.SignedInAsync(http, users) is not { } person)
        {
            return SessionEndpoints.NoSession();
        }
        return TypedResults.Ok((await users.GetPasskeysAsync(person)).OrderBy(p => p.CreatedAt).Select(Response).ToList());
    }

    public static async Task<Results<Ok<PasskeyOptions>, ProblemHttpResult>> CreationOptions(
        HttpContext http, UserManager<Person> users, SignInManager<Person> signIn)
    {
        if (await SessionEndpoints.SignedInAsync(http, users) is not { } person)
        {
            return SessionEndpoints.NoSession();
        }
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = person.Id.ToString(), Name = person.Email!, DisplayName = person.Name,
        });
        return TypedResults.Ok(new PasskeyOptions(JsonDocument.Parse(options).RootElement));
    }

    public static async Task<Results<Created<PasskeyResponse>, ProblemHttpResult>> Add(
        JsonBody<PasskeyCredential> body, HttpContext http, UserManager<Person> users, SignInManager<Person> signIn)
    {
        if (await SessionEndpoints.SignedInAsync(http, users) is not { } person)
        {
            return SessionEndpoints.NoSession();
        }
        var result = await Underway(() => signIn.PerformPasskeyAttestationAsync(body.Value.Credential!.Value.GetRawText()));
        if (result is not { Succeeded: true } || result.UserEntity.Id != person.Id.ToString())
        {
            return Problems.ValidationFailed(new Dictionary<string, string[]>
            {
                ["credential"] = [result is null ? "No passkey was being added: ask passkeyCreationOptions first."
                    : result.Failure?.Message ?? "The credential was made for another person."],
            });
        }
        result.Passkey.Name = body.Value.Name?.Trim() is { Length: > 0 } name ? name : "Passkey";
        await users.AddOrUpdatePasskeyAsync(person, result.Passkey);
        var added = Response(result.Passkey);
        return TypedResults.Created($"/api/v1/session/passkeys/{added.Id}", added);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Remove(string id, HttpContext http, UserManager<Person> users)
    {
        if (await SessionEndpoints.SignedInAsync(http, users) is not { } person)
        {
            return SessionEndpoints.NoSession();
        }
        byte[] credential;
        try
        {
            credential = WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            return Problems.NotFound("passkey");
        }
        if (await users.GetPasskeyAsync(person, credential) is null)
        {
            return Problems.NotFound("passkey");
        }
        await users.RemovePasskeyAsync(person, credential);
        return TypedResults.NoContent();
    }

    /// <summary>A ceremony's second step; null when no first step of this browser is waiting for it (Identity throws then).</summary>
    private static async Task<T?> Underway<T>(Func<Task<T>> step) where T : class
    {
        try
        {
            return await step();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static PasskeyResponse Response(UserPasskeyInfo p) =>
        new(WebEncoders.Base64UrlEncode(p.CredentialId), p.Name ?? "Passkey", p.CreatedAt);
}

/// <summary>WebAuthn options for the browser, as Identity makes them.</summary>
public sealed record PasskeyOptions(
    [property: Description("PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON: give it to "
        + "PublicKeyCredential.parseCreationOptionsFromJSON or parseRequestOptionsFromJSON, then to navigator.credentials.")]
    JsonElement Options);

/// <summary>What the browser's navigator.credentials answered, and for a new passkey its name.</summary>
public sealed record PasskeyCredential(
    [property: Required, Description("The PublicKeyCredential as its toJSON() gives it.")] JsonElement? Credential = null,
    [property: Description("For a new passkey: what to call it (\"Laptop\", \"Ponsel\"); Passkey when not given.")] string? Name = null)
    : IHasExample<PasskeyCredential>
{
    public static PasskeyCredential Example => new(JsonDocument.Parse("""{"id":"...","rawId":"...","type":"public-key","response":{}}""").RootElement, "Laptop");
}

public sealed record PasskeyResponse(
    [property: Description("The credential's id, base64url.")] string Id,
    string Name,
    DateTimeOffset CreatedAt);

public sealed class PasskeyCredentialValidator : AbstractValidator<PasskeyCredential>
{
    public PasskeyCredentialValidator()
    {
        RuleFor(p => p.Credential).NotNull().Must(c => c is { ValueKind: JsonValueKind.Object }).WithMessage("A JSON object.");
        RuleFor(p => p.Name).MaximumLength(100);
    }
}
