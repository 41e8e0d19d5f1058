using Cms.Api.Infrastructure;
using Cms.Data;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Media;

/// <summary>
/// Serves stored media under <see cref="MediaUrls.PathPrefix"/>. A key names its content (the upload's hash), so a
/// response never changes: cached for a year as immutable, with a strong ETag, HEAD and byte ranges.
/// </summary>
public static class MediaEndpoints
{
    private static readonly string[] ImageTypes = ImageFormat.Stored.Skip(1).Select(f => f.ContentType).ToArray();

    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        // Made now rather than at the first upload, so its gauges (CmsMetrics) are there from the first scrape.
        app.ServiceProvider.GetRequiredService<ImageWork>();
        app.MapGet(MediaUrls.PathPrefix + "{**key}", Serve).WithName("getMedia").WithTags("Assets")
            .WithSummary("Get a stored image")
            .WithDescription("An asset's original or one of its variants, as the asset's url and variants give them; a variant is "
                + "made on its first request (503 with Retry-After when too many images are being processed). Cache-Control: public, max-age=31536000, immutable; "
                + "an ETag (If-None-Match answers 304); Range answers 206. Open to anyone, also where reads need a key: "
                + "img tags send none, and the url is known only to those who could read the asset.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "image/jpeg", ImageTypes)
            .Produces(StatusCodes.Status206PartialContent, typeof(Stream), "image/jpeg", ImageTypes)
            .ProducesProblems(404, 500, 503)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.GetValueOrDefault("200") is Microsoft.OpenApi.OpenApiResponse ok)
                {
                    ok.Headers ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiHeader>();
                    ok.Headers["Content-Security-Policy"] = new Microsoft.OpenApi.OpenApiHeader
                    {
                        Description = "sandbox, on an SVG: a script in it cannot run with this site's origin.",
                        Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                    };
                }
                return Task.CompletedTask;
            });
        return app;
    }

    public static async Task<IResult> Serve(string key, IMediaStore store, Variants variants, CmsDbContext db, HttpContext http,
        CancellationToken ct)
    {
        var format = ImageFormat.Stored.FirstOrDefault(f => key.EndsWith("." + f.Extension, StringComparison.Ordinal));
        var variant = key.StartsWith("variants/", StringComparison.Ordinal);
        if (format is null || !(variant || key.StartsWith("originals/", StringComparison.Ordinal)) || !IsKey(key))
        {
            return Problems.NotFound("media");
        }
        var stored = await store.GetAsync(key, ct);
        if (stored is null && variant && await variants.GetOrMakeAsync(key, db, ct) is { } made)
        {
            stored = new StoredMedia(new MemoryStream(made, writable: false), made.Length);
        }
        if (stored is null)
        {
            return Problems.NotFound("media");
        }
        var content = stored.Content;
        if (!content.CanSeek)
        {
            // Ranges need a seekable stream; an object from S3 is read once into memory.
            content = new MemoryStream(await stored.ReadAllAsync(ct), writable: false);
        }
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        if (format == ImageFormat.Svg)
        {
            // A script in an SVG opened on its own must not run with this site's origin.
            http.Response.Headers.ContentSecurityPolicy = "sandbox";
        }
        return Results.Stream(content, format.ContentType, enableRangeProcessing: true,
            entityTag: new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(key)}\""));
    }

    private static bool IsKey(string key)
    {
        try
        {
            MediaKeys.Checked(key);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
