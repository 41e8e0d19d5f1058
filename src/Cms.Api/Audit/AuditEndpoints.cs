using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Audit;

/// <summary>One entry of the audit log.</summary>
public sealed record AuditEntryResponse(
    [property: Description("Its place in the log; later entries have larger ones.")] long Seq,
    DateTimeOffset At,
    [property: Description("What the write was to."), AllowedValues("article", "author", "tag", "asset", "key", "webhook", "collection", "person", "session")] string Resource,
    [property: Description("The resource's id, when the request named one or created one.")] Guid? ResourceId,
    [property: Description("The operation, by its operationId in this document: createArticle, publishArticle, revokeKey...")] string Action,
    [property: Description("The HTTP method; CLI for a key made on the command line."), AllowedValues("POST", "PUT", "PATCH", "DELETE", "CLI")] string Method,
    [property: Description("The request's path; keys create for the command line.")] string Path,
    [property: Description("The key or signed-in person that made the request; null when it had neither.")] Guid? KeyId,
    [property: Description("The key's or signed-in person's name when the request was made.")] string? KeyName,
    [property: Description("The request's trace id, as its problem response and the logs give it.")] string RequestId,
    [property: Description("The HTTP status the request was answered with.")] int Status);

/// <summary>The audit log's filters.</summary>
public sealed record AuditQuery(
    [property: FromQuery(Name = "resource"), Description("Only writes to this kind of resource."), AllowedValues("article", "author", "tag", "asset", "key", "webhook", "collection", "person", "session")] string? Resource,
    [property: FromQuery(Name = "resourceId"), Description("Only writes to this resource.")] Guid? ResourceId,
    [property: FromQuery(Name = "keyId"), Description("Only writes made with this key.")] Guid? KeyId,
    [property: FromQuery(Name = "from"), Description("Only entries at or after this time.")] DateTimeOffset? From,
    [property: FromQuery(Name = "to"), Description("Only entries before this time.")] DateTimeOffset? To,
    [property: FromQuery(Name = "cursor"), Description("meta.nextCursor of the previous page.")] string? Cursor,
    [property: FromQuery(Name = "pageSize"), Description("Entries per page, 1 to 100 (default 20)."), Range(1, PageQuery.MaxPageSize)] int? PageSize);

/// <summary>The audit log (admin): every write through the API, newest first.</summary>
public static class AuditEndpoints
{
    private static readonly string[] Kinds = ["article", "author", "tag", "asset", "key", "webhook", "collection", "person", "session"];

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", List).WithTags("Audit").WithName("listAuditEntries").WithSummary("The audit log")
            .WithDescription("Every write through the API and every key made on the command line, refused ones too, newest first: "
                + "the operation, the resource, the key and its name, the time, the trace id and the status. Append-only; it "
                + "outlives what it describes. Paged by cursor: pass meta.nextCursor as cursor while it is present.")
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Admin))
            .ProducesProblems(400, 401, 403, 500, 503);
        return app;
    }

    public static async Task<Results<Ok<Paged<AuditEntryResponse>>, ProblemHttpResult>> List(
        [AsParameters] AuditQuery query, CmsDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        long? before = null;
        if (query.Cursor is not null)
        {
            if (long.TryParse(query.Cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq) && seq > 0)
            {
                before = seq;
            }
            else
            {
                errors["cursor"] = ["Not a cursor this endpoint gave out."];
            }
        }
        if (query.Resource is not null && !Kinds.Contains(query.Resource))
        {
            errors["resource"] = [$"One of {string.Join(", ", Kinds)}."];
        }
        if (query.PageSize is < 1 or > PageQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"Must be between 1 and {PageQuery.MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var size = query.PageSize ?? PageQuery.DefaultPageSize;
        var entries = db.AuditEntries.AsNoTracking();
        if (before is { } b)
        {
            entries = entries.Where(e => e.Seq < b);
        }
        if (query.Resource is { } resource)
        {
            entries = entries.Where(e => e.Resource == resource);
        }
        if (query.ResourceId is { } resourceId)
        {
            entries = entries.Where(e => e.ResourceId == resourceId);
        }
        if (query.KeyId is { } keyId)
        {
            entries = entries.Where(e => e.KeyId == keyId);
        }
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }
        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }
        var page = await entries.OrderByDescending(e => e.Seq).Take(size + 1)
            .Select(e => new AuditEntryResponse(e.Seq, e.At, e.Resource, e.ResourceId, e.Action, e.Method, e.Path, e.KeyId, e.KeyName,
                e.RequestId, e.Status))
            .ToListAsync(ct);
        var next = page.Count > size ? page[size - 1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Paged<AuditEntryResponse>(page.Take(size).ToList(), new PageMeta(null, size, null, null, next)));
    }
}
