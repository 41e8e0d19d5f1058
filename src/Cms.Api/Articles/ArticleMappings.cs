using System.Linq.Expressions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore.Query;

namespace Cms.Api.Articles;

public static class ArticleMappings
{
    /// <summary>
    /// The article as of the clock: a scheduled story whose time has come reads as published. Bylines and tags
    /// are left empty here: <see cref="ArticleLinks"/> fills them.
    /// </summary>
    public static readonly Expression<Func<Article, DateTimeOffset, ArticleResponse>> Response = (a, now) =>
        new ArticleResponse(a.Id, a.Slug, a.Title, a.Subtitle, a.Excerpt, a.Body, a.BodyHtml, a.Language,
            a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now ? ArticleStatus.Published : a.Status,
            a.PublishedAt,
            a.FeatureImageUrl == null ? null
                : new FeatureImage(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit),
            null!, null!, // bylines and tags: ArticleLinks
            new Seo(a.SeoMetaTitle, a.SeoMetaDescription, a.SeoCanonicalUrl),
            a.WordCount, a.ReadingTimeMinutes, a.CreatedAt, a.UpdatedAt)
        {
            Version = a.Version,
            CreatedByKeyId = a.CreatedByKeyId,
            UpdatedByKeyId = a.UpdatedByKeyId,
        };

    /// <summary>Articles as of <paramref name="now"/> (<see cref="Response"/>).</summary>
    public static Expression<Func<Article, ArticleResponse>> ToResponse(DateTimeOffset now) => At(Response, now);

    /// <summary>
    /// One article (<see cref="Response"/>) with the ids of its authors and tags, each set packed into one text
    /// column by a grouped subquery, and the change log's last sequence number: one statement, one row, and
    /// no join to the authors and tags, whose cards come from <see cref="LinkCards"/> as a list's do. Joining
    /// the links with their authors and tags as collections had repeated the article's row (its body twice,
    /// as Markdown and as HTML) for every byline times every tag. The clock is a parameter, so that
    /// <see cref="ArticleQueries"/> can compile it once.
    /// </summary>
    public static readonly Expression<Func<CmsDbContext, Article, DateTimeOffset, ArticleRow>> RowWithLinkIds = WithLinkIds(
        (db, a, response) => new ArticleRow(response,
            db.ArticleAuthors.Where(b => b.ArticleId == a.Id).GroupBy(b => b.ArticleId)
                .Select(g => string.Join(",", g.Select(b => b.Position.ToString() + " " + b.AuthorId.ToString() + " " + b.Role.ToString())))
                .FirstOrDefault(),
            db.ArticleTags.Where(t => t.ArticleId == a.Id).GroupBy(t => t.ArticleId)
                .Select(g => string.Join(",", g.Select(t => t.Position.ToString() + " " + t.TagId.ToString())))
                .FirstOrDefault(),
            db.Changes.Max(c => (long?)c.Seq) ?? 0));

    /// <summary>(db, a, now) => row(db, a, Response(a, now)).</summary>
    private static Expression<Func<CmsDbContext, Article, DateTimeOffset, ArticleRow>> WithLinkIds(
        Expression<Func<CmsDbContext, Article, ArticleResponse, ArticleRow>> row)
    {
        var (a, now) = (Response.Parameters[0], Response.Parameters[1]);
        var body = new ReplacingExpressionVisitor([row.Parameters[1], row.Parameters[2]], [a, Response.Body]).Visit(row.Body);
        return Expression.Lambda<Func<CmsDbContext, Article, DateTimeOffset, ArticleRow>>(body, row.Parameters[0], a, now);
    }

    /// <summary>
    /// The list item as of the clock, without its body; bylines and tags: <see cref="ArticleLinks"/>. The clock
    /// is a parameter, so that <see cref="ArticleQueries"/> can compile the plain pages once.
    /// </summary>
    public static readonly Expression<Func<Article, DateTimeOffset, ArticleSummary>> Summary = (a, now) =>
        new ArticleSummary(a.Id, a.Slug, a.Title, a.Subtitle, a.Excerpt, a.Language,
            a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now ? ArticleStatus.Published : a.Status,
            a.PublishedAt,
            a.FeatureImageUrl == null ? null
                : new FeatureImage(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit),
            null!, null!, // bylines and tags: ArticleLinks
            a.WordCount, a.ReadingTimeMinutes, a.CreatedAt, a.UpdatedAt);

    /// <summary>
    /// The list item (<see cref="Summary"/>) as of <paramref name="now"/>; the body travels only when asked for, and
    /// the rendered body only for a search's highlight.
    /// </summary>
    public static Expression<Func<Article, ArticleSummary>> ToSummary(DateTimeOffset now, bool withBody = false,
        bool withBodyHtml = false)
    {
        var item = At(Summary, now);
        var article = item.Parameters[0];
        var bindings = new List<MemberBinding>();
        if (withBody)
        {
            bindings.Add(Expression.Bind(typeof(ArticleSummary).GetProperty(nameof(ArticleSummary.Body))!,
                Expression.Property(article, nameof(Article.Body))));
        }
        if (withBodyHtml)
        {
            bindings.Add(Expression.Bind(typeof(ArticleSummary).GetProperty(nameof(ArticleSummary.BodyHtml))!,
                Expression.Property(article, nameof(Article.BodyHtml))));
        }
        return bindings.Count == 0
            ? item
            : Expression.Lambda<Func<Article, ArticleSummary>>(Expression.MemberInit((NewExpression)item.Body, bindings), item.Parameters);
    }

    /// <summary>
    /// An expression over an article and the clock, bound to one instant for a query built per request. The
    /// instant goes in as a lambda would capture it (a field of an object), which EF Core sends as a parameter.
    /// </summary>
    public static Expression<Func<Article, T>> At<T>(Expression<Func<Article, DateTimeOffset, T>> expression, DateTimeOffset now) =>
        Expression.Lambda<Func<Article, T>>(ReplacingExpressionVisitor.Replace(expression.Parameters[1],
            Expression.Field(Expression.Constant(new Clock(now)), nameof(Clock.now)), expression.Body), expression.Parameters[0]);

    private sealed class Clock(DateTimeOffset now)
    {
        // Named as the captured variable it stands for: EF Core names the SQL parameter after it (@now).
#pragma warning disable IDE1006
        public readonly DateTimeOffset now = now;
#pragma warning restore IDE1006
    }

    /// <summary>The writable state of an article, to which a merge patch is applied.</summary>
    public static ArticleWrite ToWrite(Article a) =>
        new(a.Slug, a.Title, a.Subtitle, a.ExcerptIsCustom ? a.Excerpt : null, a.Body, a.Language, a.Status,
            a.PublishedAt,
            a.FeatureImageUrl == null ? null
                : new FeatureImage(a.FeatureImageUrl, a.FeatureImageAlt, a.FeatureImageCaption, a.FeatureImageCredit),
            a.Authors.OrderBy(b => b.Position).Select(b => new BylineWrite(b.AuthorId, b.Role)).ToList(),
            a.Tags.OrderBy(t => t.Position).Select(t => new TagRef(t.TagId)).ToList(),
            new Seo(a.SeoMetaTitle, a.SeoMetaDescription, a.SeoCanonicalUrl));

    /// <summary>Copies a validated write onto the entity and derives what the body implies.</summary>
    public static void Apply(ArticleWrite write, Article article, string defaultLanguage, DateTimeOffset now)
    {
        article.Slug = write.Slug ?? article.Slug;
        article.Title = write.Title!.Trim();
        article.Subtitle = write.Subtitle;
        article.Body = write.Body ?? "";
        var rendered = ContentRenderer.Render(article.Body);
        article.BodyHtml = rendered.Html;
        article.WordCount = rendered.WordCount;
        article.ReadingTimeMinutes = rendered.ReadingTimeMinutes;

        // A derived excerpt sent back unchanged (GET, modify, PUT) stays derived and follows the body.
        var sentBackDerived = !article.ExcerptIsCustom && write.Excerpt == article.Excerpt;
        article.ExcerptIsCustom = !string.IsNullOrWhiteSpace(write.Excerpt) && !sentBackDerived;
        article.Excerpt = article.ExcerptIsCustom ? write.Excerpt!.Trim() : ContentRenderer.Excerpt(rendered.PlainText);

        article.Language = write.Language ?? defaultLanguage;
        article.PublishedAt = write.PublishedAt
            ?? (ArticleVisibility.IsPublishing(write.Status) ? article.PublishedAt ?? now : null);
        article.Status = ArticleVisibility.Stored(write.Status ?? ArticleStatus.Draft, article.PublishedAt, now);

        var image = write.FeatureImage;
        article.FeatureImageUrl = image?.Url;
        article.FeatureImageAlt = image?.Alt;
        article.FeatureImageCaption = image?.Caption;
        article.FeatureImageCredit = image?.Credit;
        article.SeoMetaTitle = write.Seo?.MetaTitle;
        article.SeoMetaDescription = write.Seo?.MetaDescription;
        article.SeoCanonicalUrl = write.Seo?.CanonicalUrl;

        SyncBylines(article, write.Authors ?? []);
        SyncTags(article, write.Tags ?? []);
    }

    /// <summary>Updates rows in place rather than delete-and-insert, so unchanged bylines stay put.</summary>
    private static void SyncBylines(Article article, List<BylineWrite> wanted)
    {
        var ids = wanted.Select(b => b.AuthorId!.Value).ToList();
        article.Authors.RemoveAll(b => !ids.Contains(b.AuthorId));
        for (var i = 0; i < wanted.Count; i++)
        {
            var byline = article.Authors.Find(b => b.AuthorId == ids[i]);
            if (byline is null)
            {
                byline = new ArticleAuthor { AuthorId = ids[i] };
                article.Authors.Add(byline);
            }
            byline.Position = i;
            byline.Role = wanted[i].Role ?? BylineRole.Reporter;
        }
    }

    private static void SyncTags(Article article, List<TagRef> wanted)
    {
        var ids = wanted.Select(t => t.TagId!.Value).ToList();
        article.Tags.RemoveAll(t => !ids.Contains(t.TagId));
        for (var i = 0; i < ids.Count; i++)
        {
            var tag = article.Tags.Find(t => t.TagId == ids[i]);
            if (tag is null)
            {
                tag = new ArticleTag { TagId = ids[i] };
                article.Tags.Add(tag);
            }
            tag.Position = i;
        }
    }
}
