using System.Security.Claims;
using Cms.Data.Keys;

namespace Cms.Api.Keys;

/// <summary>Who is calling: anonymous, or an API key with its role.</summary>
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
