using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// The test server has no connections, so no client address: this filter gives a request the address its
/// <see cref="Header"/> names, as a TCP connection from there would, before the app's pipeline sees it.
/// </summary>
public sealed class ClientAddresses : IStartupFilter
{
    public const string Header = "X-Test-Connection-From";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var from))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(from.ToString());
                context.Request.Headers.Remove(Header);
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}

public static class ClientAddressExtensions
{
    /// <summary>This client's requests come from <paramref name="address"/>.</summary>
    public static HttpClient From(this HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Remove(ClientAddresses.Header);
        client.DefaultRequestHeaders.Add(ClientAddresses.Header, address);
        return client;
    }
}
