using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Data.Keys;

namespace Cms.Api.Keys;

public sealed record KeyWrite(
    [property: Required, Description("What the key is for, e.g. \"web frontend\" or \"desk tool\".")] string? Name = null,
    [property: Required] KeyRole? Role = null,
    [property: Description("When the key stops working (401 key_expired); a time to come. Never, when not given.")] DateTimeOffset? ExpiresAt = null)
    : Cms.Api.Infrastructure.IHasExample<KeyWrite>
{
    public static KeyWrite Example => new("web frontend", KeyRole.Reader);
}

public sealed record KeyResponse(
    Guid Id,
    string Name,
    KeyRole Role,
    [property: Description("The secret's first characters, to recognise the key.")] string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    [property: Description("When it stops working; null: never.")] DateTimeOffset? ExpiresAt,
    [property: Description("Until when the secret a rotation replaced is still accepted; null when none is.")] DateTimeOffset? PreviousSecretValidUntil,
    [property: Description("Only in the answer to POST: the secret is shown once and never stored."),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Secret = null);
