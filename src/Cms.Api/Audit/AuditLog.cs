using System.Diagnostics;
using System.Security.Claims;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Audit;

namespace Cms.Api.Audit;

/// <summary>
/// Records every write through the API (POST, PUT, PATCH and DELETE under /api/v1), whatever its outcome, refused
/// ones too: the operation, the resource and its id, the key and its name, the time, the request's trace id and the
/// status. The entry is saved as the response starts, before the caller sees it, in a context of its own (never the
/// handler's, whose failed changes must not be saved again). An entry that cannot be saved is logged as an error; the
/// write it describes stands.
/// </summary>
public static class AuditLog
{
    private static readonly Dictionary<string, string> Resources = new()
    {
        ["articles"] = "article", ["authors"] = "author", ["tags"] = "tag", ["assets"] = "asset", ["keys"] = "key",
        ["webhooks"] = "webhook", ["collections"] = "collection",
        ["people"] = "person", ["session"] = "session",
    };

    /// <summary>Between routing (which names the operation) and authentication (which may refuse it).</summary>
    public static IApplicationBuilder UseCmsAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        var endpoint = context.GetEndpoint() as RouteEndpoint;
        var pattern = endpoint?.RoutePattern.RawText;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            || pattern is null || !pattern.StartsWith("/api/v1/", StringComparison.Ordinal)
            || endpoint!.Metadata.GetMetadata<NotAContentWrite>() is not null)
        {
            await next(context);
            return;
        }
        var recorded = false;
        async Task Record()
        {
            if (recorded)
            {
                return;
            }
            recorded = true;
            await RecordAsync(context, endpoint!, pattern);
        }
        context.Response.OnStarting(Record);
        await next(context);
        // A response that never started (the caller went away) is recorded all the same. After an exception the error
        // handler starts the problem response, and OnStarting records it.
        await Record();
    });

    private static async Task RecordAsync(HttpContext context, RouteEndpoint endpoint, string pattern)
    {
        var segment = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? "";
        Guid? resourceId = Guid.TryParse(context.Request.RouteValues["id"] as string, out var id) ? id
            : context.Response.StatusCode == StatusCodes.Status201Created
                && Guid.TryParse(context.Response.Headers.Location.ToString().Split('/').LastOrDefault(), out var created) ? created
            : null;
        var caller = Caller.Of(context.User);
        var entry = new AuditEntry
        {
            At = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            Resource = Resources.GetValueOrDefault(segment, segment),
            ResourceId = resourceId,
            Action = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"{context.Request.Method} {pattern}",
            Method = context.Request.Method,
            Path = Truncate(context.Request.Path.Value ?? "", Cms.Data.Infrastructure.Limits.Url),
            KeyId = caller.KeyId,
            KeyName = caller.IsKeyed ? context.User.FindFirstValue(ClaimTypes.Name) : null,
            RequestId = Truncate(Activity.Current?.Id ?? context.TraceIdentifier, 100),
            Status = context.Response.StatusCode,
        };
        try
        {
            await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditLog))
                .LogError(e, "Audit entry not saved: {Action} {Path} answered {Status}", entry.Action, entry.Path, entry.Status);
        }
    }

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;
}
