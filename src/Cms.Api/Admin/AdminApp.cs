using Microsoft.AspNetCore.Rewrite;

namespace Cms.Api.Admin;

/// <summary>
/// The newsroom app (src/Cms.Admin, docs/app.md): its files are the Blazor WebAssembly project's static web assets,
/// under /admin, served precompressed and fingerprinted by the framework's static assets; every other path under /admin
/// is one of the app's own routes and gets its index.html.
/// </summary>
public static class AdminApp
{
    public const string Path = "/admin";

    /// <summary>From the build output too (not only a published folder), so <c>dotnet run</c> and the tests serve the app in any environment.</summary>
    public static WebApplicationBuilder AddCmsAdminApp(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>Before routing (which ignores a trailing slash): /admin goes to /admin/, the app's base address.</summary>
    public static IApplicationBuilder UseCmsAdminRedirect(this IApplicationBuilder app) =>
        app.UseRewriter(new RewriteOptions().AddRedirect("^admin$", "admin/"));

    public static IEndpointRouteBuilder MapCmsAdminApp(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets();
        app.MapFallbackToFile($"{Path}/{{*route:nonfile}}", "admin/index.html");
        return app;
    }
}
