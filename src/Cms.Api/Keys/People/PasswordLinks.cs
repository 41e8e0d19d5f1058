using Cms.Data.Keys;
using Microsoft.AspNetCore.Identity;

namespace Cms.Api.Keys.People;

/// <summary>
/// One-time links to set a password: an invitation (the person has none yet; 72 hours) or a reset (24 hours). Both are
/// Identity's data-protected tokens bound to the person's security stamp, which setting the password changes, so a link
/// works once. No mail server is assumed: the admin passes the link on.
/// </summary>
public sealed class PasswordLinks(UserManager<Person> users, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifespan = TimeSpan.FromHours(72);
    public static readonly TimeSpan ResetLifespan = TimeSpan.FromHours(24);
    private const string InvitationPurpose = "invitation";

    /// <summary>A link for the app's password page, on the API's own address (the app is served there).</summary>
    public async Task<PasswordLink> CreateAsync(Person person, string origin)
    {
        var invitation = person.PasswordHash is null;
        var token = invitation
            ? await users.GenerateUserTokenAsync(person, InvitationTokens.ProviderName, InvitationPurpose)
            : await users.GeneratePasswordResetTokenAsync(person);
        // The token goes in the fragment, which browsers never send to a server or in a Referer.
        var url = $"{origin.TrimEnd('/')}/admin/password#person={person.Id}&token={Uri.EscapeDataString(token)}";
        return new PasswordLink(invitation ? PasswordLinkKind.Invitation : PasswordLinkKind.Reset, url, token,
            clock.GetUtcNow() + (invitation ? InvitationLifespan : ResetLifespan));
    }

    /// <summary>Sets the password the link allows; null when the link is not valid (tampered, used, expired, or the account disabled).</summary>
    public async Task<IdentityResult?> SetPasswordAsync(Person person, string token, string password)
    {
        if (person.DisabledAt is not null)
        {
            return null;
        }
        if (person.PasswordHash is null)
        {
            return await users.VerifyUserTokenAsync(person, InvitationTokens.ProviderName, InvitationPurpose, token)
                ? await users.AddPasswordAsync(person, password)
                : null;
        }
        // Checked first, so a weak password answers with its rules and leaves the link usable.
        if (!await users.VerifyUserTokenAsync(person, users.Options.Tokens.PasswordResetTokenProvider,
                UserManager<Person>.ResetPasswordTokenPurpose, token))
        {
            return null;
        }
        var result = await users.ResetPasswordAsync(person, token, password);
        if (result.Succeeded)
        {
            // A reset is how a locked-out person gets back in.
            await users.SetLockoutEndDateAsync(person, null);
            await users.ResetAccessFailedCountAsync(person);
        }
        return result;
    }
}
