using System.Security.Claims;
using Cms.Data.Keys;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Keys;

/// <summary>Who is calling: anonymous, an API key or a signed-in person (whose id stands where a key's would), with its role.</summary>
public sealed record Caller(Guid? KeyId, KeyRole? Role)
{
    /// <summary>The key's id: the standard name identifier, which the platform's rate limits count by.</summary>
    public const string KeyIdClaim = ClaimTypes.NameIdentifier;

    /// <summary>The id recorded for the bootstrap admin key, which has no row.</summary>
    public static readonly Guid BootstrapKeyId = Guid.Empty;

    public bool IsKeyed => Role is not null;

    public bool Can(KeyRole role) => Role >= role;

    public static Caller Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            && Enum.TryParse<KeyRole>(user.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out var role)
            && Guid.TryParse(user.FindFirstValue(KeyIdClaim), out var id)
            ? new Caller(id, role)
            : new Caller(null, null);
}

/// <summary>The names of the keys and people that made things, as the desk shows them.</summary>
public static class CallerNames
{
    public static async Task<string?> OfAsync(Cms.Data.CmsDbContext db, Guid? caller, CancellationToken ct) => caller switch
    {
        null => null,
        var id when id == Caller.BootstrapKeyId => "bootstrap",
        var id => await db.ApiKeys.AsNoTracking().Where(k => k.Id == id).Select(k => k.Name).SingleOrDefaultAsync(ct)
            ?? await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(ct),
    };
}
