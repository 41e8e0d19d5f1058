using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cms.Api.Keys;

/// <summary>How key secrets are made, stored and compared.</summary>
public static class KeySecrets
{
    private const string Marker = "cms_";
    public const int PrefixLength = 12;

    /// <summary>32 random bytes, URL-safe, marked so a leaked key is recognisable in a scan.</summary>
    public static string New() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Prefix(string secret) => secret[..Math.Min(PrefixLength, secret.Length)];

    public static bool Matches(byte[] expectedHash, string secret) =>
        CryptographicOperations.FixedTimeEquals(expectedHash, Hash(secret));
}
