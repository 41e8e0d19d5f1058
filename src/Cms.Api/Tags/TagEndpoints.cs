using Cms.Api.Site;
using Cms.Api.Articles;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Keys;
using Cms.Data.Tags;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Tags;

public static class TagEndpoints
{
    private const string Resource = "tag";
    private static readonly Func<Tag, TagResponse> Map = TagMappings.ToResponse.Compile();

    public static IEndpointRouteBuilder MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tags").WithTags("Tags").CacheOutput(ContentCachePolicy.Name)
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 500, 503);
        var editor = AccessSetup.Policy(KeyRole.Editor);

        group.MapGet("", List).WithName("listTags")
            .WithDescription("Tags sorted by name, each with articleCount (published articles with the tag).").WithSummary("List tags by name")
            .ProducesProblems(400)
            .RequireAuthorization(AccessSetup.Read);
        group.MapGet("/{id}", Get).WithName("getTag")
            .WithDescription("One tag.").WithSummary("Get a tag by id")
            .ProducesProblems(400, 404)
            .RequireAuthorization(AccessSetup.Read);
        group.MapGet("/slug/{slug}", GetBySlug).WithName("getTagBySlug")
            .WithDescription("One tag by slug, for a tag page. By a slug the tag had before: 301 to the current one.").WithSummary("Get a tag by slug")
            .ProducesProblems(404).ProducesSlugMoved()
            .RequireAuthorization(AccessSetup.Read);
        group.MapPost("", Create).WithName("createTag")
            .WithDescription("Creates a tag; the slug is generated from the name when not given.").WithSummary("Create a tag")
            .Accepts<TagWrite>("application/json").ProducesProblems(400, 403, 409, 413, 415, 422)
            .RequireAuthorization(editor);
        group.MapPut("/{id}", Replace).WithName("replaceTag")
            .WithDescription("Replaces the tag. Needs If-Match (428 without it, 412 when stale). Articles with the tag get a new ETag when its name or slug changes.").WithSummary("Replace a tag")
            .Accepts<TagWrite>("application/json").ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapPatch("/{id}", Update).WithName("updateTag")
            .WithDescription("Applies an RFC 7396 JSON merge patch. Needs If-Match like PUT.").WithSummary("Update a tag with a JSON merge patch")
            .Accepts<TagWrite>(MergePatch<TagWrite>.MediaType).ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapDelete("/{id}", Delete).WithName("deleteTag")
            .WithDescription("Deletes the tag and removes it from every article that had it (those articles get a new ETag). Honours If-Match when sent.")
            .WithSummary("Delete a tag and remove it from its articles")
            .ProducesProblems(400, 403, 404, 412)
            .RequireAuthorization(editor);
        return app;
    }

    public static async Task<Results<Ok<Paged<TagListItem>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, CmsDbContext db, TimeProvider clock, TotalCounts totals, SiteLinks site, HttpContext http,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var query = db.Tags.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id).Select(TagMappings.ToListItem);
        var page = await paging.ToPagedAsync(query, ct);
        var counts = await totals.GetAsync("tags:articleCount", token => TagMappings.ArticleCounts(db, clock.GetUtcNow(), token), ct);
        return TypedResults.Ok(page with { Data = page.Data.Select(t => (t with { ArticleCount = counts.GetValueOrDefault(t.Id) }).WithSite(site)).ToList() });
    }

    public static async Task<Results<Ok<TagResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, CmsDbContext db, SiteLinks site, HttpContext http, CancellationToken ct) =>
        Found.OrNotFound(http, (await db.Tags.AsNoTracking().Where(t => t.Id == id)
            .Select(TagMappings.ToResponse).SingleOrDefaultAsync(ct))?.WithSite(site), Resource);

    public static async Task<Results<Ok<TagResponse>, JsonHttpResult<SlugMoved>, StatusCodeHttpResult, ProblemHttpResult>> GetBySlug(
        string slug, CmsDbContext db, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var tag = (await db.Tags.AsNoTracking().Where(t => t.Slug == slug).Select(TagMappings.ToResponse).SingleOrDefaultAsync(ct))?.WithSite(site);
        if (tag is null && await SlugMoves.FindAsync(db, Resource, slug, ct) is { } id
            && await db.Tags.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.Id, t.Slug }).SingleOrDefaultAsync(ct) is { } current)
        {
            return SlugMoves.Moved(http, $"/api/v1/tags/slug/{current.Slug}", current.Slug, site.Tag(current.Id, current.Slug));
        }
        return Found.OrNotFound(http, tag, Resource).Result switch
        {
            Ok<TagResponse> ok => ok,
            StatusCodeHttpResult status => status,
            var problem => (ProblemHttpResult)problem!,
        };
    }

    public static async Task<Results<Created<TagResponse>, ProblemHttpResult>> Create(
        JsonBody<TagWrite> body, CmsDbContext db, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var write = body.Value;
        var tag = new Tag
        {
            Name = write.Name!,
            Slug = write.Slug ?? await Slugs.FirstFreeAsync(
                SlugMoves.Taken(db, db.Tags.Select(t => t.Slug), Resource), Slugs.Generate(write.Name!, Resource), ct),
        };
        TagMappings.Apply(write, tag);
        db.Tags.Add(tag);
        await Slugs.SaveNewAsync(db, SlugMoves.Taken(db, db.Tags.Select(x => x.Slug), Resource), () => tag.Slug, s => tag.Slug = s,
            generated: write.Slug is null, ct);
        http.Response.Headers.ETag = Preconditions.ETag(tag.Version);
        return TypedResults.Created($"/api/v1/tags/{tag.Id}", Map(tag).WithSite(site));
    }

    public static async Task<Results<Ok<TagResponse>, ProblemHttpResult>> Replace(
        Guid id, JsonBody<TagWrite> body, CmsDbContext db, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var (tag, problem) = await WriteGuard.LoadAsync(http,
            () => db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct), Resource, requireIfMatch: true);
        return problem ?? await SaveAsync(tag, body.Value, db, site, http, ct);
    }

    public static async Task<Results<Ok<TagResponse>, ProblemHttpResult>> Update(
        Guid id, MergePatch<TagWrite> patch, IValidator<TagWrite> validator, CmsDbContext db, SiteLinks site,
        HttpContext http, CancellationToken ct)
    {
        var (tag, problem) = await WriteGuard.LoadAsync(http,
            () => db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct), Resource, requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        var parsed = patch.ApplyTo(TagMappings.ToWrite(tag));
        return await RequestValidation.ValidateAsync(validator, parsed, ct) is { } invalid
            ? invalid
            : await SaveAsync(tag, parsed.Value, db, site, http, ct);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, CmsDbContext db, HttpContext http, CancellationToken ct)
    {
        var (tag, problem) = await WriteGuard.LoadAsync(http,
            () => db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct), Resource, requireIfMatch: false);
        if (problem is not null)
        {
            return problem;
        }
        // The tag leaves its articles with it (the join rows cascade); the save moves their versions on.
        db.Tags.Remove(tag);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TagResponse>, ProblemHttpResult>> SaveAsync(
        Tag tag, TagWrite write, CmsDbContext db, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        TagMappings.Apply(write, tag);
        db.Entry(tag).State = EntityState.Modified;
        // Articles with the tag show its name and slug: the save moves their versions on (ArticleLinkCopiesStep).
        await db.SaveChangesAsync(ct);

        http.Response.Headers.ETag = Preconditions.ETag(tag.Version);
        return TypedResults.Ok(Map(tag).WithSite(site));
    }
}
