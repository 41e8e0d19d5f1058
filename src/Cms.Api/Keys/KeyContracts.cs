using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cms.Data.Keys;

namespace Cms.Api.Keys;

public sealed record KeyWrite(
    [property: Required, Description("What the key is for, e.g. \"web frontend\" or \"desk tool\".")] string? Name = null,
    [property: Required] KeyRole? Role = null);

public sealed record KeyResponse(
    Guid Id,
    string Name,
    KeyRole Role,
    [property: Description("The secret's first characters, to recognise the key.")] string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    [property: Description("Only in the answer to POST: the secret is shown once and never stored."),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Secret = null);
