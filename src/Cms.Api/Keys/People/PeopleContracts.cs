using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using Cms.Data.Keys;
using FluentValidation;

namespace Cms.Api.Keys.People;

public sealed record SignInWrite(
    [property: Required, Description("The person's e-mail address.")] string? Email = null,
    [property: Required] string? Password = null) : IHasExample<SignInWrite>
{
    public static SignInWrite Example => new("dewi@example.com", "correct horse battery");
}

public sealed record PersonWrite(
    [property: Required, Description("Their e-mail address, which they sign in with.")] string? Email = null,
    [property: Required, Description("How they are shown in the app, the audit log, revisions and edit locks.")] string? Name = null,
    [property: Required] KeyRole? Role = null,
    [property: Description("Their author profile (\"my stories\", the default byline); none when not given.")] Guid? AuthorId = null)
    : IHasExample<PersonWrite>
{
    public static PersonWrite Example => new("dewi@example.com", "Dewi Lestari", KeyRole.Writer);
}

public sealed record PersonUpdate(
    [property: Required] string? Name = null,
    [property: Required] KeyRole? Role = null,
    [property: Description("Their author profile; null for none.")] Guid? AuthorId = null,
    [property: Required, Description("true disables the account: it cannot sign in and its sessions end at once.")] bool? Disabled = null)
    : IHasExample<PersonUpdate>
{
    public static PersonUpdate Example => new("Dewi Lestari", KeyRole.Editor, null, false);
}

public sealed record PasswordWrite(
    [property: Required, Description("The token of the invitation or reset link.")] string? Token = null,
    [property: Required, Description("At least 10 characters.")] string? Password = null) : IHasExample<PasswordWrite>
{
    public static PasswordWrite Example => new("CfDJ8...", "correct horse battery");
}

public sealed record PasswordChange(
    [property: Required, Description("The password the person signs in with now.")] string? CurrentPassword = null,
    [property: Required, Description("At least 10 characters.")] string? NewPassword = null) : IHasExample<PasswordChange>
{
    public static PasswordChange Example => new("correct horse battery", "kuda benar baterai staples");
}

public sealed record PersonResponse(
    Guid Id,
    string Email,
    string Name,
    KeyRole Role,
    Guid? AuthorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    [property: Description("When the account was disabled; null while it is enabled.")] DateTimeOffset? DisabledAt,
    [property: Description("Until when sign-ins are refused after repeated failures; null when they are not.")] DateTimeOffset? LockedUntil,
    [property: Description("True until the person sets a password through their invitation.")] bool InvitationPending,
    [property: Description("Only in the answer to POST: the invitation link to pass on."),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    PasswordLink? Link = null);

public enum PasswordLinkKind
{
    Invitation,
    Reset,
}

public sealed record PasswordLink(
    [property: Description("invitation: the person has no password yet; reset: a new password replaces theirs.")] PasswordLinkKind Kind,
    [property: Description("The app's page that sets the password; the token is in its fragment.")] string Url,
    [property: Description("The token alone, for POST /people/{id}/password.")] string Token,
    [property: Description("The link works once, until then.")] DateTimeOffset ExpiresAt);

public sealed record SessionResponse(
    PersonResponse Person,
    [property: Description("Send it as the X-CSRF-Token header with every write this session makes.")] string CsrfToken);

public sealed class SignInWriteValidator : AbstractValidator<SignInWrite>
{
    public SignInWriteValidator()
    {
        RuleFor(s => s.Email).NotEmpty().MaximumLength(256);
        RuleFor(s => s.Password).NotEmpty().MaximumLength(1000);
    }
}

public sealed class PersonWriteValidator : AbstractValidator<PersonWrite>
{
    public PersonWriteValidator()
    {
        RuleFor(p => p.Email).NotEmpty().MaximumLength(256).EmailAddress();
        RuleFor(p => p.Name).NotEmpty().MaximumLength(100);
        RuleFor(p => p.Role).NotNull().NotEqual(KeyRole.Reader).WithMessage("People write: writer, editor or admin (readers use keys).");
    }
}

public sealed class PersonUpdateValidator : AbstractValidator<PersonUpdate>
{
    public PersonUpdateValidator()
    {
        RuleFor(p => p.Name).NotEmpty().MaximumLength(100);
        RuleFor(p => p.Role).NotNull().NotEqual(KeyRole.Reader).WithMessage("People write: writer, editor or admin (readers use keys).");
        RuleFor(p => p.Disabled).NotNull();
    }
}

public sealed class PasswordWriteValidator : AbstractValidator<PasswordWrite>
{
    public PasswordWriteValidator()
    {
        RuleFor(p => p.Token).NotEmpty().MaximumLength(2000);
        RuleFor(p => p.Password).NotEmpty().MaximumLength(1000);
    }
}

public sealed class PasswordChangeValidator : AbstractValidator<PasswordChange>
{
    public PasswordChangeValidator()
    {
        RuleFor(p => p.CurrentPassword).NotEmpty().MaximumLength(1000);
        RuleFor(p => p.NewPassword).NotEmpty().MaximumLength(1000);
    }
}
