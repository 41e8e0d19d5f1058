using System.Security.Claims;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cms.Api.Keys.People;

/// <summary>
/// A person's claims, as a key's are (<see cref="Caller"/>): their id as the name identifier, their name and their role,
/// so rate limits, audit entries, revisions and edit locks name the person as they name a key. Identity's security stamp
/// rides along, and every request of a session checks it; nothing else is read from the store.
/// </summary>
public sealed class PersonPrincipals(IOptions<IdentityOptions> options) : IUserClaimsPrincipalFactory<Person>
{
    /// <summary>The author profile that is this person, when they have one.</summary>
    public const string AuthorClaim = "cms:author";

    public Task<ClaimsPrincipal> CreateAsync(Person person)
    {
        var identity = new ClaimsIdentity(PeopleSetup.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(Caller.KeyIdClaim, person.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Name, person.Name));
        identity.AddClaim(new Claim(ClaimTypes.Email, person.Email ?? ""));
        identity.AddClaim(new Claim(ClaimTypes.Role, person.Role.ToString().ToLowerInvariant()));
        identity.AddClaim(new Claim(options.Value.ClaimsIdentity.SecurityStampClaimType, person.SecurityStamp ?? ""));
        if (person.AuthorId is { } author)
        {
            identity.AddClaim(new Claim(AuthorClaim, author.ToString()));
        }
        return Task.FromResult(new ClaimsPrincipal(identity));
    }
}
