using System.ComponentModel;
using System.Security.Claims;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

public static class ArticleEndpoints
{
    internal const string Resource = "article";

    public static IEndpointRouteBuilder MapArticleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/articles").WithTags("Articles").CacheOutput(ContentCachePolicy.Name)
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 500, 503);
        var writer = AccessSetup.Policy(KeyRole.Writer);

        group.MapGet("", ArticleList.List).WithName("listArticles")
            .WithDescription("Article summaries (no body), newest published first by default. Filter by status, tag slug and author slug; sort by publishedAt, createdAt or title. Paged with page and pageSize. Without a key only published articles whose time has come are listed.")
            .WithSummary("List article summaries, filtered and sorted").ProducesProblems(400)
            .RequireAuthorization(AccessSetup.Read);
        group.MapGet("/{id}", ArticleReadEndpoints.Get).WithName("getArticle")
            .WithDescription("The full article with its body, rendered bodyHtml, bylines and tags. Without a key: 404 until it is published and its time has come, 410 once archived. Send If-None-Match with the ETag to get 304 when nothing changed.")
            .WithSummary("Get an article by id").ProducesProblems(400, 404, 410)
            .WithCacheScope(ArticleReaderChanges.ById, "id", isId: true).RequireAuthorization(AccessSetup.Read);
        group.MapGet("/slug/{slug}", ArticleReadEndpoints.GetBySlug).WithName("getArticleBySlug")
            .WithDescription("The full article by its URL slug, as a frontend routes it; visibility as for getArticle. Send If-None-Match with the ETag to get 304 when nothing changed. "
                + "By a slug the article had before: 301 with Location of the current one and a body naming the slug and the frontend url.")
            .WithSummary("Get an article by slug").ProducesProblems(404, 410).ProducesSlugMoved()
            .WithCacheScope(ArticleReaderChanges.BySlug, "slug").RequireAuthorization(AccessSetup.Read);
        group.MapGet("/slug/{slug}/jsonld", ArticleReadEndpoints.GetJsonLd).WithName("getArticleJsonLd")
            .WithDescription("The article as the schema.org NewsArticle Google documents for news, for the page's JSON-LD script element: "
                + "headline, description, times with the site's offset, every author as a Person with the frontend url, the lead image's "
                + "1:1, 4:3 and 16:9 crops, the publisher (Site:Name, Site:LogoUrl), section, keywords, language. Visibility as for getArticle: "
                + "none for a draft or scheduled story without a key.")
            .WithSummary("Get an article's NewsArticle JSON-LD by slug")
            .Produces<NewsArticleJsonLd>(StatusCodes.Status200OK, NewsArticles.MediaType).ProducesProblems(404, 410).ProducesSlugMoved()
            .WithCacheScope(ArticleReaderChanges.BySlug, "slug").RequireAuthorization(AccessSetup.Read);
        group.MapPost("", Create).WithName("createArticle")
            .WithDescription("Creates a draft unless status says otherwise (only editors may). The slug is generated from the title when not given; excerpt, bodyHtml, wordCount and readingTimeMinutes are derived. Bylines and tags are assigned by id, in order.")
            .WithSummary("Create an article")
            .Accepts<ArticleWrite>("application/json").ProducesProblems(400, 403, 409, 413, 415, 422)
            .RequireAuthorization(writer);
        group.MapPut("/{id}", Replace).WithName("replaceArticle")
            .WithDescription("Replaces the whole article. Needs If-Match with the current ETag (428 without it, 412 when stale; * overwrites on purpose). Read-only fields from a GET may be sent back and are ignored; an omitted slug keeps the current one. Writers may change drafts only.")
            .WithSummary("Replace an article")
            .Accepts<ArticleWrite>("application/json").ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(writer);
        group.MapPatch("/{id}", Update).WithName("updateArticle")
            .WithDescription("Applies an RFC 7396 JSON merge patch: named fields change, null removes, arrays (authors, tags) are replaced whole. Needs If-Match like PUT. The result must pass the same rules as a PUT. Writers may change drafts only.")
            .WithSummary("Update an article with a JSON merge patch")
            .Accepts<ArticleWrite>(MergePatch<ArticleWrite>.MediaType)
            .ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(writer);
        group.MapDelete("/{id}", Delete).WithName("deleteArticle")
            .WithDescription("Moves the article to the trash (listTrashedArticles) for Cms:TrashDays (30): readers, lists, feeds, search and sync see it deleted; an editor can restore it, its slug stays reserved. Its authors and tags stay. Honours If-Match when sent. Writers may delete drafts only.")
            .WithSummary("Delete an article").ProducesProblems(400, 403, 404, 412)
            .RequireAuthorization(writer);
        ArticlePreviews.Map(group);
        ArticleLocks.Map(group);
        ArticleCorrections.Map(group);
        ArticleTrash.Map(group);
        ArticleRevisionEndpoints.Map(group);
        Live.LiveEndpoints.Map(group);
        group.MapArticleWorkflow();
        group.MapRelatedArticles();
        return app;
    }

    public static async Task<Results<Created<ArticleResponse>, ProblemHttpResult>> Create(
        JsonBody<ArticleWrite> body, CmsDbContext db, ArticleReads reads, IOptions<CmsOptions> options, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var write = body.Value;
        var caller = Caller.Of(user);
        if (ArticleAccess.CheckWrite(caller, null, write.Status ?? ArticleStatus.Draft) is { } forbidden)
        {
            return forbidden;
        }
        var article = new Article
        {
            Title = write.Title!,
            Slug = write.Slug ?? await Slugs.FirstFreeAsync(
                SlugMoves.Taken(db, db.Articles.Select(a => a.Slug), Resource), Slugs.Generate(write.Title!, Resource), ct),
            Excerpt = "",
            Body = "",
            BodyHtml = "",
            Language = options.Value.DefaultLanguage,
            CreatedByKeyId = caller.KeyId,
            UpdatedByKeyId = caller.KeyId,
        };
        var now = Versions.Now(clock);
        ArticleMappings.Apply(write, article, options.Value.DefaultLanguage, now);
        db.Articles.Add(article);
        await Slugs.SaveNewAsync(db, SlugMoves.Taken(db, db.Articles.Select(x => x.Slug), Resource), () => article.Slug, s => article.Slug = s,
            generated: write.Slug is null, ct);

        var response = (await reads.FindAsync(db, article.Id, now, ct))!;
        http.Response.Headers.ETag = Preconditions.ETag(response.Version);
        return TypedResults.Created($"/api/v1/articles/{article.Id}", response);
    }

    public static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> Replace(
        Guid id, JsonBody<ArticleWrite> body, CmsDbContext db, ArticleReads reads, IOptions<CmsOptions> options, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => LoadForWriteAsync(db, id, ct), Resource, requireIfMatch: true);
        return problem
            ?? ArticleAccess.CheckWrite(Caller.Of(user), article.Status, body.Value.Status ?? ArticleStatus.Draft)
            ?? await SaveAsync(article, body.Value, db, reads, options.Value, clock, user, http, ct);
    }

    public static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> Update(
        Guid id, MergePatch<ArticleWrite> patch, IValidator<ArticleWrite> validator, CmsDbContext db, ArticleReads reads,
        IOptions<CmsOptions> options, TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => LoadForWriteAsync(db, id, ct), Resource, requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        var parsed = patch.ApplyTo(ArticleMappings.ToWrite(ArticleDocument.Of(article)));
        return ArticleAccess.CheckWrite(Caller.Of(user), article.Status, parsed.Value.Status ?? ArticleStatus.Draft)
            ?? await RequestValidation.ValidateAsync(validator, parsed, ct)
            ?? await SaveAsync(article, parsed.Value, db, reads, options.Value, clock, user, http, ct);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, CmsDbContext db, TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => LoadForWriteAsync(db, id, ct), Resource, requireIfMatch: false);
        if ((problem ?? ArticleAccess.CheckWrite(Caller.Of(user), article.Status, ArticleStatus.Draft)) is { } refused)
        {
            return refused;
        }
        // Into the trash, in the same save (ArticleTrash).
        ArticleTrash.Trash(db, article, Caller.Of(user).KeyId, Versions.Now(clock));
        db.Articles.Remove(article);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static Task<Article?> LoadForWriteAsync(CmsDbContext db, Guid id, CancellationToken ct) =>
        db.Articles.Include(a => a.Authors).Include(a => a.Tags).Include(a => a.BodyAssets).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Saves a changed article as a new version, stamped with the caller's key, and answers with it.</summary>
    internal static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> SaveChangedAsync(
        Article article, CmsDbContext db, ArticleReads reads, DateTimeOffset now, ClaimsPrincipal user, HttpContext http,
        CancellationToken ct)
    {
        article.UpdatedByKeyId = Caller.Of(user).KeyId;
        // Bylines and tags live in their own rows; the article's version moves whenever any of it does.
        db.Entry(article).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);

        var response = (await reads.FindAsync(db, article.Id, now, ct))!;
        http.Response.Headers.ETag = Preconditions.ETag(response.Version);
        return TypedResults.Ok(response);
    }

    /// <summary>Applies a validated write to the loaded article and saves it, releasing the caller's edit lock.</summary>
    internal static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> SaveAsync(
        Article article, ArticleWrite write, CmsDbContext db, ArticleReads reads, CmsOptions options, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var now = Versions.Now(clock);
        ArticleMappings.Apply(write, article, options.DefaultLanguage, now);
        var saved = await SaveChangedAsync(article, db, reads, now, user, http, ct);
        // The holder's save releases its edit lock (ArticleLocks). The save has committed: if this fails, the answer
        // still says so, and the lock lapses within five minutes.
        try
        {
            await ArticleLocks.ReleaseAsync(db, article.Id, Caller.Of(user).KeyId, CancellationToken.None);
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILogger<ArticleLock>>().LogWarning(e, "Edit lock of article {Id} not released", article.Id);
        }
        return saved;
    }
}
