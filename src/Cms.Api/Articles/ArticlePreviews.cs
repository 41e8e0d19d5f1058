using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

/// <summary>A preview link of one draft or scheduled article: give <c>token</c> as <c>?preview=</c> on its reads.</summary>
public sealed record PreviewLink(
    [property: Description("Signed: names the article and when it expires. Send as ?preview= on getArticle or getArticleBySlug.")] string Token,
    Guid ArticleId,
    DateTimeOffset ExpiresAt,
    [property: Description("The article's API address with the token, for an anonymous client.")] string Path);

/// <summary>
/// Preview links: a token protected by ASP.NET Core Data Protection (keys in the database, so every replica reads
/// them and a restart keeps them) that names one article and an expiry. It lets an anonymous caller read that article
/// whatever its status, never another, never after it expires, and never through a shared cache
/// (<see cref="ContentCachePolicy.PersonalQuery"/>).
/// </summary>
public sealed class ArticlePreviews(IDataProtectionProvider protection, IOptions<SiteOptions> site, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Cms.ArticlePreview.v1");

    public static void Map(RouteGroupBuilder articles) =>
        articles.MapPost("/{id}/preview", CreateAsync).WithName("createArticlePreview")
            .WithSummary("Create a preview link of a draft or scheduled article")
            .WithDescription("A signed token that lets an anonymous client (a frontend's draft mode, an app's preview screen) read this "
                + "one article by id or slug with `?preview=<token>` until it expires (Site:PreviewHours, default 24). Such reads are "
                + "never cached publicly (Cache-Control: private, no-store). 409 for a published or archived article: read it as "
                + "readers do.")
            .ProducesProblems(400, 403, 404, 409)
            .RequireAuthorization(AccessSetup.Policy(Cms.Data.Keys.KeyRole.Writer));

    private static async Task<Results<Ok<PreviewLink>, ProblemHttpResult>> CreateAsync(
        Guid id, CmsDbContext db, ArticlePreviews previews, CancellationToken ct)
    {
        var status = await db.Articles.Where(a => a.Id == id).Select(a => (ArticleStatus?)a.Status).SingleOrDefaultAsync(ct);
        return status switch
        {
            null => Problems.NotFound("article"),
            ArticleStatus.Draft or ArticleStatus.Scheduled => TypedResults.Ok(previews.Create(id)),
            _ => Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "Only a draft or scheduled article has a preview link; a published or archived one is read as readers read it."),
        };
    }

    public PreviewLink Create(Guid articleId)
    {
        var expires = clock.GetUtcNow().AddHours(site.Value.PreviewHours);
        expires = expires.AddTicks(-(expires.Ticks % TimeSpan.TicksPerSecond));
        var token = _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{articleId:N}.{expires.ToUnixTimeSeconds()}"));
        return new PreviewLink(token, articleId, expires, $"/api/v1/articles/{articleId}?{ContentCachePolicy.PersonalQuery}={token}");
    }

    /// <summary>
    /// The article as its preview shows it, when the request carries a token and no key; null when it carries none
    /// (or a key: a key reads as keys do). A bad, expired or foreign token is a 401 problem that says which.
    /// </summary>
    public Results<Ok<ArticleResponse>, StatusCodeHttpResult, ProblemHttpResult>? Read(HttpContext http, ClaimsPrincipal user, string? token,
        ArticleResponse? article)
    {
        if (token is null || Caller.Of(user).IsKeyed)
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return Invalid("The preview token is not valid: it was not made by this server or was changed. Ask for a new preview link.");
        }
        var parts = payload.Split('.');
        var (id, expires) = (Guid.ParseExact(parts[0], "N"), DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], CultureInfo.InvariantCulture)));
        if (clock.GetUtcNow() >= expires)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.PreviewExpired,
                $"The preview link expired at {expires:yyyy-MM-dd'T'HH:mm:ss'Z'}. Ask for a new one.");
        }
        if (article is null)
        {
            return Problems.NotFound("article");
        }
        if (article.Id != id)
        {
            return Invalid("This preview token is for another article.");
        }
        return Found.OrNotFound(http, article.ForReaders(), "article");
    }

    private static ProblemHttpResult Invalid(string detail) =>
        Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidPreview, detail);
}
