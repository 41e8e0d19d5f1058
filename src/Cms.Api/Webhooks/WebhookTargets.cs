using System.Net;
using System.Net.Sockets;

namespace Cms.Api.Webhooks;

/// <summary>
/// Where deliveries may go: only to public addresses, checked on the address a name resolves to when connecting (so DNS
/// cannot point a public name at the inside), and never following a redirect.
/// </summary>
public static class WebhookTargets
{
    /// <summary>The special-purpose networks (RFC 6890 and its updates) no webhook target may be on.</summary>
    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10",
            "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    /// <summary>Whether <paramref name="address"/>, and every IPv4 address it carries inside it, is public.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return !NotPublic.Any(n => n.Contains(address)) && Embedded(address).All(IsPublic);
    }

    /// <summary>The IPv4 addresses an IPv6 address reaches through: NAT64, 6to4, or Teredo's server and client.</summary>
    private static IEnumerable<IPAddress> Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            yield break;
        }
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            yield return new IPAddress(bytes.AsSpan(12, 4));
        }
        else if (SixToFour.Contains(address))
        {
            yield return new IPAddress(bytes.AsSpan(2, 4));
        }
        else if (Teredo.Contains(address))
        {
            yield return new IPAddress(bytes.AsSpan(4, 4));
            // The client's address is stored inverted.
            yield return new IPAddress(bytes[12..].Select(b => (byte)~b).ToArray());
        }
    }

    /// <summary>The handler of outgoing deliveries: no redirects, and a connection only to a public address.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new TargetRefusedException($"Refused: {context.DnsEndPoint.Host} is not on a public address.");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

/// <summary>A target refused by <see cref="WebhookTargets"/>: its message is what the delivery log shows.</summary>
public sealed class TargetRefusedException(string message) : Exception(message);
