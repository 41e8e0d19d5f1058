using System.ComponentModel;
using Cms.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Infrastructure;

/// <summary>The body of a 301 for a slug a resource had before: where it is now.</summary>
public sealed record SlugMoved(
    [property: Description("The resource's current slug.")] string Slug,
    [property: Description("The API address of the resource by its current slug (also the Location header).")] string Location)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull),
     Description("Its page on the frontend (with Site:BaseUrl), for a server-rendered frontend to redirect to.")]
    public string? Url { get; init; }
}

/// <summary>Reads by a slug a resource had before (<see cref="Cms.Data.Infrastructure.RetiredSlug"/>): answered with a 301 to where it is now.</summary>
public static class SlugMoves
{
    /// <summary>The resource that had <paramref name="slug"/>, if one did.</summary>
    public static Task<Guid?> FindAsync(CmsDbContext db, string resource, string slug, CancellationToken ct) =>
        db.RetiredSlugs.AsNoTracking().Where(s => s.Resource == resource && s.Slug == slug).Select(s => (Guid?)s.ResourceId).SingleOrDefaultAsync(ct);

    public static JsonHttpResult<SlugMoved> Moved(HttpContext http, string location, string slug, string? url)
    {
        http.Response.Headers.Remove("ETag");
        http.Response.Headers.Location = location;
        return TypedResults.Json(new SlugMoved(slug, location) { Url = url }, statusCode: StatusCodes.Status301MovedPermanently);
    }

    /// <summary>The slugs a new resource of the kind may not take: those in use and those its kind had before.</summary>
    public static IQueryable<string> Taken(CmsDbContext db, IQueryable<string> current, string resource) =>
        current.Concat(db.RetiredSlugs.Where(s => s.Resource == resource).Select(s => s.Slug));
}
