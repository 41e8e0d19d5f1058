using Cms.Api.Import;
using Cms.Api.Admin;
using Cms.Api.Audit;
using Cms.Api.Articles;
using Cms.Api.Collections;
using Cms.Api.Authors;
using Cms.Api.Delivery;
using Cms.Api.Distribution;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Api.Keys.People;
using Cms.Api.Media;
using Cms.Api.Site;
using Cms.Api.Sync;
using Cms.Api.Tags;
using Cms.Api.Webhooks;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;

namespace Cms.Api;

/// <summary>Composition of the whole API, so Program.cs stays a few lines.</summary>
public static class ApiSetup
{
    public static IServiceCollection AddCmsApi(this IServiceCollection services)
    {
        services.AddOptions<CmsOptions>().BindConfiguration(CmsOptions.Section)
            .Validate(o => o.TrashDays is >= 1 and <= 3650, "Cms:TrashDays: from 1 to 3650.").ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddCmsDatabase();
        services.AddCmsJson();
        services.AddCmsErrorHandling();
        services.AddCmsOpenApi();
        services.AddCmsAccess();
        services.AddCmsSharedRedis();
        services.AddCmsRateLimits();
        services.AddCmsProxies();
        services.AddCmsDelivery();
        services.AddCmsMedia();
        services.AddCmsAuthors();
        services.AddCmsArticles();
        services.AddCmsCollections();
        services.AddCmsSite();
        services.AddCmsDistribution();
        services.AddCmsWebhooks();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        ValidationExtensions.UseJsonPropertyNames();
        // Every validator beside its request record, found by FluentValidation's scan.
        services.AddValidatorsFromAssembly(typeof(ApiSetup).Assembly, ServiceLifetime.Scoped);

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IConfiguration>((cors, config) =>
            cors.AddDefaultPolicy(policy =>
        {
            var origins = config.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins);
            }
            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy");
        }));
        return services;
    }

    public static WebApplication UseCmsApi(this WebApplication app)
    {
        app.UseCmsProxies(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value);
        app.UseCmsCompression();
        app.UseCmsErrorHandling();
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseHeadAsGet();
        app.UseCmsAdminRedirect();
        app.UseRouting();
        app.UseCors();
        // The output cache answers anonymous reads before authentication and authorization: a request
        // that brings no credentials (no key, no session cookie: Credentials) is anonymous, and an entry is only ever stored from an anonymous
        // request that was authorized. Everything else goes on through them.
        app.UseCmsCaching();
        app.UseCmsAudit();
        app.UseCmsAccess();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapCmsOpenApi();
        // A reader key made for the scraper is enough.
        app.MapCmsMetrics(AccessSetup.Policy(Cms.Data.Keys.KeyRole.Reader));
        app.MapMediaEndpoints();
        app.MapCmsAdminApp();
        // Every write of the API, whatever its feature, reaches the cache through this one filter.
        var api = app.MapGroup("/api/v1").AddEndpointFilter<ContentChanges>();
        api.MapArticleEndpoints();
        api.MapAuthorEndpoints();
        api.MapTagEndpoints();
        api.MapAssetEndpoints();
        api.MapKeyEndpoints();
        api.MapPeopleEndpoints();
        api.MapSessionEndpoints();
        api.MapPasskeyEndpoints();
        api.MapOldUrlEndpoints();
        api.MapCollectionsAndViews();
        api.MapSyncEndpoints();
        api.MapFeedEndpoints();
        api.MapSitemapEndpoints();
        api.MapWebhookEndpoints();
        api.MapAuditEndpoints();
        api.MapSiteEndpoints().RequireAuthorization(AccessSetup.Read);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                app.Logger.LogInformation("Cms API on {Address}/api/v1 - Swagger UI: {Address}/swagger", address, address);
            }
        });
        return app;
    }
}
