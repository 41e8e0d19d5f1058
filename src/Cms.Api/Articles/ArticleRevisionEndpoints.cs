using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Keys;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

/// <summary>One revision of an article, without its content.</summary>
public sealed record RevisionSummary(
    [property: Description("1, 2, 3… in the order of the article's saves; numbers of pruned revisions are not reused.")] int Number,
    [property: Description("The article's version this save made (its ETag then).")] long Version,
    DateTimeOffset At,
    [property: Description("The key that saved it; null when unknown.")] Guid? KeyId,
    [property: Description("That key's or person's name (\"bootstrap\" for Cms:BootstrapAdminKey); null when unknown.")] string? KeyName,
    [property: Description("The status this save stored.")] ArticleStatus Status,
    [property: Description("Whether readers may have seen it (published or scheduled): such revisions are never pruned.")] bool Published,
    [property: Description("The fields this save changed; for a new article, those it set. Empty for the state an article had when "
        + "revisions began to be kept, recorded at its first save since.")] IReadOnlyList<RevisionField> Changed);

/// <summary>One revision with its content: the article as its editor wrote it.</summary>
public sealed record RevisionResponse(
    int Number, long Version, DateTimeOffset At, Guid? KeyId, string? KeyName, ArticleStatus Status, bool Published,
    IReadOnlyList<RevisionField> Changed,
    [property: Description("The fields of a PUT as they were; bylines, tags and the lead image's asset by id.")] ArticleDocument Content);

/// <summary>A field that differs between two revisions (the body is compared line by line instead).</summary>
public sealed record FieldChange(
    RevisionField Field,
    [property: Description("Its value in the older revision, as the revision's content has it (any JSON, null too).")] JsonElement From,
    [property: Description("Its value in the newer one (any JSON, null too).")] JsonElement To);

public enum LineChange
{
    Unchanged,
    Deleted,
    Inserted,
}

public sealed record BodyLine(LineChange Change, string Text);

/// <summary>What changed from one revision to another.</summary>
public sealed record RevisionDiff(
    [property: Description("The revision compared from; null when there is none before (then every field set is a change).")] int? From,
    int To,
    [property: Description("Every field that differs, the body too.")] IReadOnlyList<RevisionField> Changed,
    [property: Description("The fields that differ but the body, with both values.")] IReadOnlyList<FieldChange> Fields,
    [property: Description("The body line by line, every line marked; empty when the body is the same.")] IReadOnlyList<BodyLine> Body);

/// <summary>
/// An article's revisions (<see cref="ArticleRevisions"/> writes them with every save): the list, one, a diff between
/// two, and restoring one's content as a new revision.
/// </summary>
public static class ArticleRevisionEndpoints
{
    public static void Map(RouteGroupBuilder articles)
    {
        var writer = AccessSetup.Policy(KeyRole.Writer);
        articles.MapGet("/{id}/revisions", ListAsync).WithName("listArticleRevisions").WithSummary("List an article's revisions")
            .WithDescription("Newest first, paged. Every save that creates the article or changes what an editor writes adds one (a "
                + "correction note does not). Every published or scheduled revision is kept; of the others the newest Cms:RevisionsKept (50). "
                + "Also while the article is in the trash.")
            .ProducesProblems(400, 403, 404).RequireAuthorization(writer);
        articles.MapGet("/{id}/revisions/{number}", GetAsync).WithName("getArticleRevision").WithSummary("Get one revision of an article")
            .WithDescription("The revision with its content: the article's fields as that save left them.")
            .ProducesProblems(400, 403, 404).RequireAuthorization(writer);
        articles.MapGet("/{id}/revisions/{number}/diff", DiffAsync).WithName("diffArticleRevisions").WithSummary("Compare two revisions")
            .WithDescription("What changed from revision `from` (by default the one before) to this one: each field with both values, "
                + "and the body as a line diff.")
            .ProducesProblems(400, 403, 404).RequireAuthorization(writer);
        articles.MapPost("/{id}/revisions/{number}/restore", RestoreAsync).WithName("restoreArticleRevision")
            .WithSummary("Put a revision's content back")
            .WithDescription("Saves the revision's content as the article's current one, a new revision. It never changes the "
                + "publication: the slug, status and publication time stay as they are now (publish or unpublish for that). Bylines "
                + "and tags whose author or tag was deleted since are left out, as is a lead image whose asset was. Needs If-Match "
                + "(428 without it, 412 when stale); writers may restore into drafts only. 422 when the content no longer passes "
                + "(a body showing a deleted asset).")
            .ProducesProblems(400, 403, 404, 412, 422, 428).RequireAuthorization(writer);
    }

    private sealed record Row(int Number, long Version, DateTimeOffset At, Guid? KeyId, string? KeyName, string Status, bool Published,
        string ChangedJson, string? DocumentJson);

    /// <summary>The revisions with their key's name, newest first; with their content only when asked.</summary>
    private static IQueryable<Row> Rows(CmsDbContext db, Guid id, int? number = null) =>
        db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id && (number == null || r.Number == number))
            .OrderByDescending(r => r.Number)
            .Select(r => new Row(r.Number, r.Version, r.At, r.KeyId,
                db.ApiKeys.Where(k => k.Id == r.KeyId).Select(k => k.Name).FirstOrDefault()
                    ?? db.People.Where(p => p.Id == r.KeyId).Select(p => p.Name).FirstOrDefault(),
                r.Status, r.Published, r.ChangedJson, number == null ? null : r.DocumentJson));

    private static RevisionSummary Summary(Row r) =>
        new(r.Number, r.Version, r.At, r.KeyId, r.KeyId == Caller.BootstrapKeyId ? "bootstrap" : r.KeyName,
            Enum.Parse<ArticleStatus>(r.Status, ignoreCase: true), r.Published, Fields(JsonSerializer.Deserialize<List<string>>(r.ChangedJson)!));

    private static List<RevisionField> Fields(IEnumerable<string> names) => names.Select(n => Enum.Parse<RevisionField>(n, ignoreCase: true)).ToList();

    private static async Task<Results<Ok<Paged<RevisionSummary>>, ProblemHttpResult>> ListAsync(
        Guid id, [AsParameters] PageQuery paging, CmsDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var page = await paging.ToPagedAsync(Rows(db, id), ct);
        if (page.Meta.TotalItems == 0 && !await db.Articles.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("article");
        }
        return TypedResults.Ok(new Paged<RevisionSummary>(page.Data.Select(Summary).ToList(), page.Meta));
    }

    private static async Task<Results<Ok<RevisionResponse>, ProblemHttpResult>> GetAsync(
        Guid id, int number, CmsDbContext db, CancellationToken ct)
    {
        var row = await Rows(db, id, number).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return NoRevision(number);
        }
        var s = Summary(row);
        return TypedResults.Ok(new RevisionResponse(s.Number, s.Version, s.At, s.KeyId, s.KeyName, s.Status, s.Published, s.Changed,
            ArticleDocument.FromJson(row.DocumentJson!)));
    }

    private static async Task<Results<Ok<RevisionDiff>, ProblemHttpResult>> DiffAsync(
        Guid id, int number, [FromQuery, Description("The revision to compare from; by default the newest one before this.")] int? from,
        CmsDbContext db, CancellationToken ct)
    {
        var revisions = db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id);
        var to = await revisions.Where(r => r.Number == number).Select(r => r.DocumentJson).SingleOrDefaultAsync(ct);
        var fromNumber = from ?? await revisions.Where(r => r.Number < number).MaxAsync(r => (int?)r.Number, ct);
        var was = fromNumber is { } f ? await revisions.Where(r => r.Number == f).Select(r => r.DocumentJson).SingleOrDefaultAsync(ct) : null;
        if (to is null || (fromNumber is not null && was is null))
        {
            return NoRevision(to is null ? number : fromNumber!.Value);
        }
        var before = was is null ? null : ArticleDocument.FromJson(was);
        var after = ArticleDocument.FromJson(to);
        var changed = ArticleDocument.Changed(before, after);
        var old = before is null ? null : JsonSerializer.SerializeToNode(before, ArticleDocument.Json)!.AsObject();
        var now = JsonSerializer.SerializeToNode(after, ArticleDocument.Json)!.AsObject();
        var fields = changed.Where(c => c != "body")
            .Select(c => new FieldChange(Enum.Parse<RevisionField>(c, ignoreCase: true),
                JsonSerializer.SerializeToElement(old?[c]), JsonSerializer.SerializeToElement(now[c]))).ToList();
        var body = !changed.Contains("body") ? []
            : InlineDiffBuilder.Diff(before?.Body ?? "", after.Body, ignoreWhiteSpace: false).Lines
                .Select(l => new BodyLine(l.Type switch
                {
                    ChangeType.Deleted => LineChange.Deleted,
                    ChangeType.Inserted => LineChange.Inserted,
                    _ => LineChange.Unchanged,
                }, l.Text)).ToList();
        return TypedResults.Ok(new RevisionDiff(fromNumber, number, Fields(changed), fields, body));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> RestoreAsync(
        Guid id, int number, IValidator<ArticleWrite> validator, CmsDbContext db, ArticleReads reads, IOptions<CmsOptions> options,
        TimeProvider clock, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => ArticleEndpoints.LoadForWriteAsync(db, id, ct), "article", requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        var content = await db.ArticleRevisions.Where(r => r.ArticleId == id && r.Number == number).Select(r => r.DocumentJson)
            .SingleOrDefaultAsync(ct);
        if (content is null)
        {
            return NoRevision(number);
        }
        var write = await ArticleLinks.WithoutMissingAsync(db, ArticleMappings.ToWrite(ArticleDocument.FromJson(content)) with
        {
            Slug = article.Slug, Status = article.Status, PublishedAt = article.PublishedAt,
        }, ct);
        return ArticleAccess.CheckWrite(Caller.Of(user), article.Status, article.Status)
            ?? await RequestValidation.ValidateAsync(validator, write, new Dictionary<string, string[]>(), ct)
            ?? await ArticleEndpoints.SaveAsync(article, write, db, reads, options.Value, clock, user, http, ct);
    }

    private static ProblemHttpResult NoRevision(int number) => Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
        $"The article has no revision {number}: there was none, or it was pruned (see listArticleRevisions).");
}
