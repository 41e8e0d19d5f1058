using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddCmsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Cms API",
                    Version = "v1",
                    Description = "A headless CMS for newsrooms: articles, authors and tags as JSON. "
                        + "Errors are application/problem+json with a stable `code`; writes need If-Match. "
                        + "Every successful GET carries an ETag (If-None-Match answers 304); reads without a key carry "
                        + "`Cache-Control: public, max-age=…, stale-while-revalidate=…` and are served from an output cache "
                        + "that every write evicts before it answers; keyed reads are `private, no-store`. "
                        + "Responses are compressed with Brotli or gzip when the client sends Accept-Encoding.",
                    License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
                    Contact = new OpenApiContact { Name = "Cms maintainers" },
                };
                document.Tags = new HashSet<OpenApiTag>
                {
                    new() { Name = "Site", Description = "The publication: its name, language and time zone, read first by frontends and apps." },
                    new() { Name = "Articles", Description = "Stories with bylines, tags, a lead image and SEO fields." },
                    new() { Name = "Live coverage", Description = "Live stories: their updates, polled or streamed to readers as server-sent events." },
                    new() { Name = "Authors", Description = "Reporters, editors and photographers credited in bylines." },
                    new() { Name = "Tags", Description = "Topics; an article's first tag is its primary tag." },
                    new() { Name = "Assets", Description = "The media library: uploaded photos, their credits and stored files." },
                    new() { Name = "Collections", Description = "Homepages, section fronts and app screens editors arrange, and the most read stories." },
                    new() { Name = "Keys", Description = "API keys and their roles (admin only)." },
                    new() { Name = "People", Description = "Staff accounts (admins invite and disable them) and their sessions: sign in, out, and set a password with a one-time link." },
                    new() { Name = "Sync", Description = "Changes since a token, for offline copies." },
                    new() { Name = "Distribution", Description = "Feeds and sitemaps: the documents readers, aggregators and search engines read." },
                    new() { Name = "Webhooks", Description = "Subscriptions to events, signed deliveries and their log (admin only)." },
                    new() { Name = "Audit", Description = "Every write through the API, by whom and how it ended (admin only)." },
                };
                // Relative, so the committed document is the same whichever host served it.
                document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<ResponseHeadersTransformer>();
            options.AddOperationTransformer<ConditionalHeadersTransformer>();
            options.AddOperationTransformer<ParameterSchemasTransformer>();
            options.AddSchemaTransformer<OpenApiSchemaFixes>();
            options.AddSchemaTransformer<ExampleSchemas>();
            options.AddDocumentTransformer<MergePatchSchemas>();
            options.AddDocumentTransformer<ProblemExtensionSchemas>();
        })
        // After every feature's transformers: the problems they add (429, 423…) get their examples too.
        .PostConfigure<OpenApiOptions>(DocumentName, options => options.AddDocumentTransformer<ProblemExamples>());

    public static WebApplication MapCmsOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapOpenApi("/openapi/{documentName}.yaml");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint($"/openapi/{DocumentName}.json", "Cms API v1");
            options.DocumentTitle = "Cms API";
        });
        return app;
    }
}
