using System.Security.Claims;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cms.Api.Articles;

/// <summary>
/// Correction notes: an editor adds one to a published (or archived) story that was wrong, and readers see it with
/// the story, in the feeds and in the JSON-LD. A note is only ever added, with the time it was added: a newsroom's
/// corrections are a public record.
/// </summary>
public static class ArticleCorrections
{
    public static void Map(RouteGroupBuilder articles) =>
        articles.MapPost("/{id}/corrections", AddAsync).WithName("addArticleCorrection").WithSummary("Add a correction note to an article")
            .WithDescription("Appends a note (text; its time is now) to a published or archived story and answers with the article. "
                + "Readers see the notes with the story, in the feeds and in the JSON-LD (CorrectionComment). Needs If-Match "
                + "(428 without it, 412 when stale). A draft or scheduled story has nothing to correct yet: 409.")
            .Accepts<CorrectionWrite>("application/json")
            .ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Editor));

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> AddAsync(
        Guid id, JsonBody<CorrectionWrite> body, CmsDbContext db, ArticleReads reads, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct)
    {
        var (article, problem) = await WriteGuard.LoadAsync(http,
            () => ArticleEndpoints.LoadForWriteAsync(db, id, ct), "article", requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        if (article.Status is not (ArticleStatus.Published or ArticleStatus.Archived))
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "Only a published or archived story carries correction notes; change a draft or scheduled one as it is.");
        }
        var now = Versions.Now(clock);
        article.CorrectionsJson = ArticleLinks.WithCorrection(article.CorrectionsJson, new Correction(now, body.Value.Text!.Trim()));
        return await ArticleEndpoints.SaveChangedAsync(article, db, reads, now, user, http, ct);
    }
}

public sealed class CorrectionWriteValidator : AbstractValidator<CorrectionWrite>
{
    public CorrectionWriteValidator() => RuleFor(c => c.Text).NotEmpty().Must(t => t is null || t.Trim().Length > 0)
        .WithMessage("Say what was corrected.").MaximumLength(Limits.LongText);
}
