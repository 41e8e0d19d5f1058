using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Keys;

/// <summary>Finds the key a secret belongs to, and issues new ones.</summary>
public sealed class KeyStore(CmsDbContext db, IOptions<CmsOptions> options, TimeProvider clock)
{
    // Last-used times are for people reading the key list; a write per request would cost more than it tells.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public sealed record Found(Guid Id, string Name, KeyRole Role)
    {
        /// <summary>When the key expired: it is refused (401 key_expired).</summary>
        public DateTimeOffset? ExpiredAt { get; init; }
    }

    public async Task<Found?> FindAsync(string secret, CancellationToken ct)
    {
        if (options.Value.BootstrapAdminKey is { Length: > 0 } bootstrap
            && KeySecrets.Matches(KeySecrets.Hash(bootstrap), secret))
        {
            return new Found(Caller.BootstrapKeyId, "bootstrap", KeyRole.Admin);
        }

        var hash = KeySecrets.Hash(secret);
        var now = clock.GetUtcNow();
        // Its secret, or the one a rotation replaced while that is still accepted.
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => (k.SecretHash == hash || (k.PreviousSecretHash == hash && k.PreviousValidUntil > now)) && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Name, k.Role, Hash = k.SecretHash == hash ? k.SecretHash : k.PreviousSecretHash!, k.LastUsedAt, k.ExpiresAt })
            .FirstOrDefaultAsync(ct);
        if (key is null || !KeySecrets.Matches(key.Hash, secret))
        {
            return null;
        }
        if (key.ExpiresAt <= now)
        {
            return new Found(key.Id, key.Name, key.Role) { ExpiredAt = key.ExpiresAt };
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new Found(key.Id, key.Name, key.Role);
    }

    /// <summary>Stores a new key and returns it with its secret, which is not kept anywhere.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, KeyRole role, CancellationToken ct,
        DateTimeOffset? expiresAt = null)
    {
        var secret = KeySecrets.New();
        var key = new ApiKey
        {
            Name = name,
            Role = role,
            Prefix = KeySecrets.Prefix(secret),
            SecretHash = KeySecrets.Hash(secret),
            CreatedAt = Cms.Data.Infrastructure.Versions.Now(clock),
            // To the microsecond, which PostgreSQL keeps: the answer equals later reads.
            ExpiresAt = expiresAt?.ToUniversalTime().AddTicks(-(expiresAt.Value.UtcTicks % 10)),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    /// <summary>
    /// Gives the key a new secret; the old one is still accepted for <paramref name="grace"/> (none: refused at once).
    /// Same id, name, role and expiry.
    /// </summary>
    public async Task<string> RotateAsync(ApiKey key, TimeSpan grace, CancellationToken ct)
    {
        var secret = KeySecrets.New();
        var now = Cms.Data.Infrastructure.Versions.Now(clock);
        key.PreviousSecretHash = grace > TimeSpan.Zero ? key.SecretHash : null;
        key.PreviousValidUntil = grace > TimeSpan.Zero ? now + grace : null;
        key.SecretHash = KeySecrets.Hash(secret);
        key.Prefix = KeySecrets.Prefix(secret);
        await db.SaveChangesAsync(ct);
        return secret;
    }
}
