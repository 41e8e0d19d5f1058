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

    public sealed record Found(Guid Id, string Name, KeyRole Role);

    public async Task<Found?> FindAsync(string secret, CancellationToken ct)
    {
        if (options.Value.BootstrapAdminKey is { Length: > 0 } bootstrap
            && KeySecrets.Matches(KeySecrets.Hash(bootstrap), secret))
        {
            return new Found(Caller.BootstrapKeyId, "bootstrap", KeyRole.Admin);
        }

        var hash = KeySecrets.Hash(secret);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Name, k.Role, k.SecretHash, k.LastUsedAt })
            .SingleOrDefaultAsync(ct);
        if (key is null || !KeySecrets.Matches(key.SecretHash, secret))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new Found(key.Id, key.Name, key.Role);
    }

    /// <summary>Stores a new key and returns it with its secret, which is not kept anywhere.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, KeyRole role, CancellationToken ct)
    {
        var secret = KeySecrets.New();
        var key = new ApiKey
        {
            Name = name,
            Role = role,
            Prefix = KeySecrets.Prefix(secret),
            SecretHash = KeySecrets.Hash(secret),
            CreatedAt = Cms.Data.Infrastructure.VersioningInterceptor.Now(clock),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }
}
