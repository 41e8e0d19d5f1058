namespace Cms.Data.Keys;

/// <summary>Roles, each including the ones before it.</summary>
public enum KeyRole
{
    Reader,
    Writer,
    Editor,
    Admin,
}

/// <summary>
/// An API key. Only a SHA-256 hash of the secret is stored; the secret is shown once, at creation.
/// A revoked key stays, so what it did remains attributable.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public KeyRole Role { get; set; }

    /// <summary>The secret's first characters, to recognise a key in lists and logs.</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>From then on the key is refused (401 key_expired); null: it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The hash of the secret a rotation replaced, still accepted until <see cref="PreviousValidUntil"/>.</summary>
    public byte[]? PreviousSecretHash { get; set; }

    public DateTimeOffset? PreviousValidUntil { get; set; }
}
