using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

/// <summary>A deleted article in the trash.</summary>
public sealed record TrashedArticleResponse(
    [property: Description("The article's id; restoring gives it back.")] Guid Id,
    [property: Description("Its slug, reserved while it is in the trash.")] string Slug,
    string Title,
    [property: Description("Its status when it was deleted; restoring puts it back as it was.")] ArticleStatus Status,
    DateTimeOffset TrashedAt,
    [property: Description("The key that deleted it.")] Guid? TrashedByKeyId,
    [property: Description("When it is purged for good unless restored (Cms:TrashDays after it was deleted).")] DateTimeOffset PurgeAt);

/// <summary>
/// The trash: deleting an article moves it here (<see cref="TrashAsync"/>, in the delete's own save) for
/// <see cref="CmsOptions.TrashDays"/>; editors list and restore it, an admin purges it at once, and
/// <see cref="Purger"/> purges what is past its days.
/// </summary>
public static class ArticleTrash
{
    /// <summary>What restoring needs that a write does not carry.</summary>
    /// <remarks>
    /// Entries written before the one article document (2026-12-07) hold the write instead (<c>write</c>): the same fields
    /// by the same names, so they are read as a document.
    /// </remarks>
    private sealed record Snapshot(ArticleDocument? Document, DateTimeOffset CreatedAt, Guid? CreatedByKeyId, string CorrectionsJson,
        ArticleDocument? Write = null);

    public static void Map(RouteGroupBuilder articles)
    {
        var editor = AccessSetup.Policy(KeyRole.Editor);
        articles.MapGet("/trash", ListAsync).WithName("listTrashedArticles").WithSummary("List the trash")
            .WithDescription("Deleted articles, newest deletion first, until they are purged (Cms:TrashDays, 30 by default).")
            .ProducesProblems(400, 403).RequireAuthorization(editor);
        articles.MapPost("/trash/{id}/restore", RestoreAsync).WithName("restoreArticle").WithSummary("Restore a deleted article")
            .WithDescription("Puts the article back as it was deleted: same id, slug, status, bylines and tags (those whose author or "
                + "tag still exists). It is a new article to caches, sync and webhooks (article.created), its version starting again.")
            .ProducesProblems(400, 403, 404, 409).RequireAuthorization(editor);
        articles.MapDelete("/trash/{id}", PurgeOneAsync).WithName("purgeArticle").WithSummary("Purge a deleted article for good")
            .WithDescription("Removes it from the trash at once and frees its slug. Admin only.")
            .ProducesProblems(400, 403, 404).RequireAuthorization(AccessSetup.Policy(KeyRole.Admin));
    }

    /// <summary>
    /// Adds the trash entry for an article being deleted, to the delete's own save, and keeps its slug reserved (a
    /// retired slug of its id) until it is restored or purged. The article must be loaded with its links.
    /// </summary>
    public static void Trash(CmsDbContext db, Article article, Guid? keyId, DateTimeOffset now)
    {
        var snapshot = new Snapshot(ArticleDocument.Of(article), article.CreatedAt, article.CreatedByKeyId, article.CorrectionsJson);
        db.ArticleTrash.Add(new TrashedArticle
        {
            Id = article.Id, Slug = article.Slug, Title = article.Title, Status = article.Status.ToString().ToLowerInvariant(),
            TrashedAt = now, TrashedByKeyId = keyId, SnapshotJson = JsonSerializer.Serialize(snapshot, ArticleDocument.Json),
        });
        db.RetiredSlugs.Add(new RetiredSlug { Resource = "article", Slug = article.Slug, ResourceId = article.Id });
    }

    private static async Task<Results<Ok<Paged<TrashedArticleResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery paging, CmsDbContext db, IOptions<CmsOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var days = TimeSpan.FromDays(options.Value.TrashDays);
        var page = await paging.ToPagedAsync(db.ArticleTrash.AsNoTracking().OrderByDescending(t => t.TrashedAt).ThenBy(t => t.Id), ct);
        return TypedResults.Ok(new Paged<TrashedArticleResponse>(page.Data.Select(t => new TrashedArticleResponse(t.Id, t.Slug, t.Title,
            Enum.Parse<ArticleStatus>(t.Status, ignoreCase: true), t.TrashedAt, t.TrashedByKeyId, t.TrashedAt + days)).ToList(), page.Meta));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> RestoreAsync(
        Guid id, CmsDbContext db, ArticleReads reads, IOptions<CmsOptions> options, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct)
    {
        var trashed = await db.ArticleTrash.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (trashed is null)
        {
            return Problems.NotFound("article in the trash");
        }
        var snapshot = JsonSerializer.Deserialize<Snapshot>(trashed.SnapshotJson, ArticleDocument.Json)!;
        // Bylines and tags whose author or tag was deleted meanwhile are left out; the rest come back in order.
        var write = await ArticleLinks.WithoutMissingAsync(db, ArticleMappings.ToWrite((snapshot.Document ?? snapshot.Write)!), ct);
        var now = Versions.Now(clock);
        var article = new Article
        {
            Id = id, Title = write.Title!, Slug = trashed.Slug, Excerpt = "", Body = "", BodyHtml = "",
            Language = options.Value.DefaultLanguage, CreatedByKeyId = snapshot.CreatedByKeyId, UpdatedByKeyId = Caller.Of(user).KeyId,
            CorrectionsJson = snapshot.CorrectionsJson,
            // Its revisions stayed: the restore's own is numbered after them.
            LastRevision = await db.ArticleRevisions.Where(r => r.ArticleId == id).MaxAsync(r => (int?)r.Number, ct) ?? 0,
        };
        // As a write stores it: a scheduled story whose minute passed in the trash comes back published.
        ArticleMappings.Apply(write, article, options.Value.DefaultLanguage, now);
        db.Articles.Add(article);
        db.ArticleTrash.Remove(trashed);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (SlugReservedException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.SlugTaken,
                $"The slug '{trashed.Slug}' is taken meanwhile; the article stays in the trash.");
        }
        var response = (await reads.FindAsync(db, id, now, ct))!;
        http.Response.Headers.ETag = Preconditions.ETag(response.Version);
        return TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PurgeOneAsync(Guid id, CmsDbContext db, CancellationToken ct) =>
        await PurgeAsync(db, db.ArticleTrash.Where(t => t.Id == id), ct) == 0 ? Problems.NotFound("article in the trash") : TypedResults.NoContent();

    /// <summary>Deletes these trash entries, their revisions and live coverage, and frees their slugs, in one transaction. Answers how many.</summary>
    public static async Task<int> PurgeAsync(CmsDbContext db, IQueryable<TrashedArticle> entries, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = await entries.Select(t => t.Id).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        await db.RetiredSlugs.Where(s => s.Resource == "article" && ids.Contains(s.ResourceId)).ExecuteDeleteAsync(ct);
        await db.ArticleRevisions.Where(r => ids.Contains(r.ArticleId)).ExecuteDeleteAsync(ct);
        // A live story's coverage stays in the trash with it (for a restore) and goes with the purge.
        await db.LiveEvents.Where(e => ids.Contains(e.ArticleId)).ExecuteDeleteAsync(ct);
        await db.LiveUpdates.Where(u => ids.Contains(u.ArticleId)).ExecuteDeleteAsync(ct);
        await db.LiveCoverages.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
        var purged = await db.ArticleTrash.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return purged;
    }

    /// <summary>Purges, hourly on every replica, what has been in the trash longer than <see cref="CmsOptions.TrashDays"/>.</summary>
    public sealed class Purger(IServiceScopeFactory scopes, IOptions<CmsOptions> options, TimeProvider clock, ILogger<Purger> logger)
        : BackgroundService
    {
        private async Task<int> RunOnceAsync(CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.TrashDays);
            return await PurgeAsync(db, db.ArticleTrash.Where(t => t.TrashedAt < cutoff).OrderBy(t => t.TrashedAt).Take(1000), ct);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            // An hour after start, then hourly: a replica starting up has other things to do first.
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    try
                    {
                        await RunOnceAsync(stoppingToken);
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        logger.LogWarning(e, "Purging the trash failed; trying again in an hour");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }
}
