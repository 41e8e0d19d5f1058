using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Import;

/// <summary>
/// The addresses an imported site had: a frontend or CDN that meets a path it does not know asks here, and sends the
/// reader (and Google) on with a 301 to the story's new address. WordPress's permalinks and ?p=ID both answer.
/// </summary>
public static class OldUrlEndpoints
{
    public static IEndpointRouteBuilder MapOldUrlEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/redirects", ResolveAsync).WithTags("Site").WithName("resolveOldUrl").WithSummary("Where an old address went")
            .WithDescription("For a path of the site before it moved here (an imported WordPress permalink such as "
                + "/2024/06/19/putin-tiba-di-pyongyang/, or /?p=123): the target of the 301 the frontend or CDN answers with, "
                + "the story's page (Site:BaseUrl) or else its API address. 404 when the path is not one an import knows, or "
                + "its story is not shown to readers (a draft, the trash). Open to anyone; never cached, so a new import "
                + "answers at once.")
            .ProducesProblems(400, 404, 422, 500, 503);
        return app;
    }

    private static async Task<Results<Ok<OldUrlResponse>, ProblemHttpResult>> ResolveAsync(
        [FromQuery(Name = "path"), Description("The old address's path and query, e.g. /2024/06/19/putin/ or /?p=123; a whole URL is taken too.")]
        string? path, CmsDbContext db, SiteLinks links, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Length > 1000)
        {
            return Problems.ValidationFailed(new Dictionary<string, string[]> { ["path"] = ["A path of at most 1,000 characters, such as /2024/06/19/putin/."] });
        }
        var uri = new Uri(new Uri("http://old.invalid"), path.Trim());
        var postId = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue("p", out var p) ? p.ToString() : null;
        var oldPath = uri.AbsolutePath.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
        var imported = db.ImportedItems.Where(i => i.Source == WordPressImport.Source && i.Kind == "post");
        var resource = await (postId is { Length: > 0 } ? imported.Where(i => i.ExternalId == postId) : imported.Where(i => i.OldPath == oldPath))
            .Select(i => (Guid?)i.ResourceId).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        var story = resource is { } id
            ? await db.Articles.AsNoTracking().Where(a => a.Id == id).Where(ArticleVisibility.Visible(now))
                .Select(a => new { a.Id, a.Slug, a.PublishedAt }).SingleOrDefaultAsync(ct)
            : null;
        if (story is null)
        {
            return Problems.NotFound("old address");
        }
        var location = links.Article(story.Id, story.Slug, story.PublishedAt) ?? $"/api/v1/articles/slug/{story.Slug}";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new OldUrlResponse(story.Id, story.Slug, location));
    }
}

public sealed record OldUrlResponse(
    Guid ArticleId,
    string Slug,
    [property: Description("Where to send the reader with a 301: the story's page, or its API address without Site:BaseUrl.")] string Location);
