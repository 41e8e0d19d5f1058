using Cms.Api.Site;
using Cms.Api.Articles;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using System.Security.Claims;
using Cms.Api.Keys;
using Cms.Api.Media;
using Cms.Data;
using Cms.Data.Keys;
using Cms.Data.Authors;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Authors;

public static class AuthorEndpoints
{
    private const string Resource = "author";

    public static IEndpointRouteBuilder MapAuthorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/authors").WithTags("Authors").CacheOutput(ContentCachePolicy.Name)
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 500, 503);
        var editor = AccessSetup.Policy(KeyRole.Editor);

        group.MapGet("", List).WithName("listAuthors")
            .WithDescription("Authors sorted by name, each with articleCount (published articles that credit them). Email addresses are shown to keyed callers only.").WithSummary("List authors by name")
            .ProducesProblems(400)
            .RequireAuthorization(AccessSetup.Read);
        group.MapGet("/{id}", Get).WithName("getAuthor")
            .WithDescription("One author. The email address is shown to keyed callers only.").WithSummary("Get an author by id")
            .ProducesProblems(400, 404)
            .RequireAuthorization(AccessSetup.Read);
        group.MapGet("/slug/{slug}", GetBySlug).WithName("getAuthorBySlug")
            .WithDescription("One author by slug, for an author page. The email address is shown to keyed callers only. By a slug the author had before: 301 to the current one.").WithSummary("Get an author by slug")
            .ProducesProblems(404).ProducesSlugMoved()
            .RequireAuthorization(AccessSetup.Read);
        group.MapPost("", Create).WithName("createAuthor")
            .WithDescription("Creates an author; the slug is generated from the name when not given.").WithSummary("Create an author")
            .Accepts<AuthorWrite>("application/json").ProducesProblems(400, 403, 409, 413, 415, 422)
            .RequireAuthorization(editor);
        group.MapPut("/{id}", Replace).WithName("replaceAuthor")
            .WithDescription("Replaces the author. Needs If-Match (428 without it, 412 when stale). An omitted email keeps the stored one; null clears it. Articles crediting the author get a new ETag when the byline summary changes.").WithSummary("Replace an author")
            .Accepts<AuthorWrite>("application/json").ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapPatch("/{id}", Update).WithName("updateAuthor")
            .WithDescription("Applies an RFC 7396 JSON merge patch. Needs If-Match like PUT.").WithSummary("Update an author with a JSON merge patch")
            .Accepts<AuthorWrite>(MergePatch<AuthorWrite>.MediaType).ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapDelete("/{id}", Delete).WithName("deleteAuthor")
            .WithDescription("Deletes an author who is credited on no article; otherwise 409 author_in_use with the number of articles. Honours If-Match when sent.")
            .WithSummary("Delete an author who is credited on no article")
            .ProducesProblems(400, 403, 404, 409, 412)
            .RequireAuthorization(editor);
        return app;
    }

    public static async Task<Results<Ok<Paged<AuthorListItem>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, CmsDbContext db, TimeProvider clock, ClaimsPrincipal user, TotalCounts totals,
        Variants variants, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var query = db.Authors.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id).Select(AuthorMappings.ToListItem);
        var page = await paging.ToPagedAsync(query, ct);
        var counts = await totals.GetAsync("authors:articleCount",
            token => AuthorMappings.ArticleCounts(db, clock.GetUtcNow(), token), ct);
        page = page with
        {
            Data = page.Data.Select(a => (a with { ArticleCount = counts.GetValueOrDefault(a.Id) }).WithAvatarVariants(variants).WithSite(site)).ToList(),
        };
        return TypedResults.Ok(Caller.Of(user).IsKeyed
            ? page
            : page with { Data = page.Data.Select(a => a.ForReaders()).ToList() });
    }

    public static async Task<Results<Ok<AuthorResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, CmsDbContext db, Variants variants, SiteLinks site, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        Found.OrNotFound(http, ForCaller(user, variants, site, await db.Authors.AsNoTracking().Where(a => a.Id == id)
            .Select(AuthorMappings.ToResponse).SingleOrDefaultAsync(ct)), Resource);

    public static async Task<Results<Ok<AuthorResponse>, JsonHttpResult<SlugMoved>, StatusCodeHttpResult, ProblemHttpResult>> GetBySlug(
        string slug, CmsDbContext db, Variants variants, SiteLinks site, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var author = await db.Authors.AsNoTracking().Where(a => a.Slug == slug).Select(AuthorMappings.ToResponse).SingleOrDefaultAsync(ct);
        if (author is null && await SlugMoves.FindAsync(db, Resource, slug, ct) is { } id
            && await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Id, a.Slug }).SingleOrDefaultAsync(ct) is { } current)
        {
            return SlugMoves.Moved(http, $"/api/v1/authors/slug/{current.Slug}", current.Slug, site.Author(current.Id, current.Slug));
        }
        return Found.OrNotFound(http, ForCaller(user, variants, site, author), Resource).Result switch
        {
            Ok<AuthorResponse> ok => ok,
            StatusCodeHttpResult status => status,
            var problem => (ProblemHttpResult)problem!,
        };
    }

    /// <summary>Email addresses are for the newsroom, never for anonymous readers; the avatar's variants for all.</summary>
    private static AuthorResponse? ForCaller(ClaimsPrincipal user, Variants variants, SiteLinks site, AuthorResponse? author) =>
        (Caller.Of(user).IsKeyed ? author : author?.ForReaders())?.WithAvatarVariants(variants).WithSite(site);

    public static async Task<Results<Created<AuthorResponse>, ProblemHttpResult>> Create(
        JsonBody<AuthorWrite> body, CmsDbContext db, Variants variants, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var write = body.Value;
        var author = new Author
        {
            Name = write.Name!,
            Slug = write.Slug ?? await Slugs.FirstFreeAsync(
                SlugMoves.Taken(db, db.Authors.Select(a => a.Slug), Resource), Slugs.Generate(write.Name!, Resource), ct),
        };
        AuthorMappings.Apply(write, author, emailGiven: true, await AuthorMappings.AssetAvatarUrlAsync(db, write, ct));
        db.Authors.Add(author);
        await Slugs.SaveNewAsync(db, SlugMoves.Taken(db, db.Authors.Select(x => x.Slug), Resource), () => author.Slug, s => author.Slug = s,
            generated: write.Slug is null, ct);
        http.Response.Headers.ETag = Preconditions.ETag(author.Version);
        return TypedResults.Created($"/api/v1/authors/{author.Id}", await ReadBackAsync(db, variants, site, author.Id, ct));
    }

    public static async Task<Results<Ok<AuthorResponse>, ProblemHttpResult>> Replace(
        Guid id, JsonBody<AuthorWrite> body, CmsDbContext db, Variants variants, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var (author, problem) = await WriteGuard.LoadAsync(http,
            () => db.Authors.SingleOrDefaultAsync(a => a.Id == id, ct), Resource, requireIfMatch: true);
        return problem ?? await SaveAsync(author, body.Value, body.Raw.ContainsKey("email"), db, variants, site, http, ct);
    }

    public static async Task<Results<Ok<AuthorResponse>, ProblemHttpResult>> Update(
        Guid id, MergePatch<AuthorWrite> patch, IValidator<AuthorWrite> validator, CmsDbContext db, Variants variants, SiteLinks site,
        HttpContext http, CancellationToken ct)
    {
        var (author, problem) = await WriteGuard.LoadAsync(http,
            () => db.Authors.SingleOrDefaultAsync(a => a.Id == id, ct), Resource, requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        var parsed = patch.ApplyTo(AuthorMappings.ToWrite(author));
        return await RequestValidation.ValidateAsync(validator, parsed, ct) is { } invalid
            ? invalid
            : await SaveAsync(author, parsed.Value, emailGiven: true, db, variants, site, http, ct);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, CmsDbContext db, HttpContext http, CancellationToken ct)
    {
        var (author, problem) = await WriteGuard.LoadAsync(http,
            () => db.Authors.SingleOrDefaultAsync(a => a.Id == id, ct), Resource, requireIfMatch: false);
        if (problem is not null)
        {
            return problem;
        }
        var credited = await db.ArticleAuthors.CountAsync(b => b.AuthorId == id, ct);
        if (credited > 0)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.AuthorInUse,
                $"The author is credited on {credited} article(s). Remove or reassign those bylines first.",
                extensions: new Dictionary<string, object?> { ["articleCount"] = credited });
        }
        db.Authors.Remove(author);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AuthorResponse>, ProblemHttpResult>> SaveAsync(
        Author author, AuthorWrite write, bool emailGiven, CmsDbContext db, Variants variants, SiteLinks site, HttpContext http, CancellationToken ct)
    {
        var avatarUrl = await AuthorMappings.AssetAvatarUrlAsync(db, write, ct);
        AuthorMappings.Apply(write, author, emailGiven, avatarUrl);
        db.Entry(author).State = EntityState.Modified;
        // Articles that credit the author show its byline: the save moves their versions on (ArticleLinkCopiesStep).
        await db.SaveChangesAsync(ct);

        http.Response.Headers.ETag = Preconditions.ETag(author.Version);
        return TypedResults.Ok(await ReadBackAsync(db, variants, site, author.Id, ct));
    }

    /// <summary>The author as a read shows it, its avatar asset's variants too (which the saved entity does not carry).</summary>
    private static async Task<AuthorResponse> ReadBackAsync(CmsDbContext db, Variants variants, SiteLinks site, Guid id, CancellationToken ct) =>
        (await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(AuthorMappings.ToResponse).SingleAsync(ct)).WithAvatarVariants(variants).WithSite(site);
}
