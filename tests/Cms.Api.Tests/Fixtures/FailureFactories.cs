using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Fixtures;

/// <summary>The app with a route that throws, to see what an unexpected failure shows.</summary>
public sealed class ThrowingCmsFactory : SqliteCmsFactory
{
    public const string Secret = "SELECT secret FROM \"Authors\"";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingRoute>());
    }

    private sealed class ThrowingRoute : IStartupFilter
    {
        // Runs after the app's own pipeline, so the app's exception handler is the one that answers.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/test/boom"
                ? throw new InvalidOperationException(Secret)
                : Task.CompletedTask);
        };
    }
}

/// <summary>SQLite pointed at a file in a folder that does not exist.</summary>
public sealed class UnavailableSqliteFactory : SqliteCmsFactory
{
    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"Data Source=/nonexistent-{Guid.NewGuid():N}/cms.db;Mode=ReadWrite");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Database:MigrateOnStartup", "false")];
}

/// <summary>PostgreSQL on a loopback port where nothing listens.</summary>
public sealed class UnavailablePostgresFactory : CmsFactory
{
    public override string Provider => "Postgres";

    protected override Task<string> CreateDatabaseAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return Task.FromResult($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=3");
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Database:MigrateOnStartup", "false")];
}
