using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Cms.Api.Infrastructure;

/// <summary>The <c>Proxies</c> configuration section.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxies";

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: addresses
    /// (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/8</c>). Empty by default: the headers are then ignored and the
    /// client's address is the connection's.
    /// </summary>
    public string[] Trusted { get; set; } = [];
}

/// <summary>
/// The framework's forwarded headers, from the configured proxies only. Its own default would trust loopback, and with
/// no proxy listed at all it would trust anyone; so without <c>Proxies:Trusted</c> it is not used.
/// </summary>
public static class Proxies
{
    public static IServiceCollection AddCmsProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.Trusted.All(t => IPAddress.TryParse(t, out _) || IPNetwork.TryParse(t, out _)),
                "Proxies:Trusted: each entry is an IP address or a network such as 10.0.0.0/8.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseCmsProxies(this IApplicationBuilder app, ProxyOptions options)
    {
        if (options.Trusted.Length == 0)
        {
            return app;
        }
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Each hop is checked against the list, from the nearest on; the first untrusted one is the client.
            ForwardLimit = null,
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var entry in options.Trusted)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
            else
            {
                forwarded.KnownIPNetworks.Add(IPNetwork.Parse(entry));
            }
        }
        return app.UseForwardedHeaders(forwarded);
    }
}
