using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Cms.Api.Import;

/// <summary>A post onto a new article, without the database: the API's mapping, field rules and sanitizer.</summary>
public sealed partial class WordPressImport
{
    /// <summary>A post mapped onto a new article (null: it cannot be imported, its notes say why), all but its slug.</summary>
    private sealed record MappedPost(WxrItem Post, string Label, Article? Article, List<string> Notes);

    /// <summary>Maps posts onto new articles, not saved: the API's mapping, field rules and sanitizer; no database.</summary>
    private List<MappedPost> Map(IEnumerable<(WxrItem Post, string Label)> posts)
    {
        using var scope = services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<CmsOptions>>().Value;
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<ArticleWrite>>();
        var now = Versions.Now(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        return posts.Select(p => Map(p.Post, p.Label, options, validator, now)).ToList();
    }

    private MappedPost Map(WxrItem post, string label, CmsOptions options, IValidator<ArticleWrite> validator, DateTimeOffset now)
    {
        var notes = new List<string>();
        var (body, kept) = WordPressContent.Convert(post.Content, AssetOfUpload);
        notes.AddRange(kept.Select(shortcode => $"[{shortcode}] kept as text"));
        // Co-Authors Plus's bylines in their order; else the post's WordPress author.
        var coauthors = post.Terms.Where(t => t.Domain == "author").Select(t => t.Nicename).ToList();
        var bylines = (coauthors.Count > 0 ? coauthors : [post.Creator ?? ""])
            .Select(login => authors.TryGetValue(login, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        if (bylines.Count == 0)
        {
            notes.Add($"no known author ({post.Creator}): imported without a byline");
        }
        var status = post.Status switch
        {
            "publish" or "future" when bylines.Count > 0 && body.Length > 0 => ArticleStatus.Published,
            _ => ArticleStatus.Draft,
        };
        if (post.Status is "publish" or "future" && status == ArticleStatus.Draft)
        {
            notes.Add("published there, a draft here: a published story needs a byline and a body");
        }
        var thumbnail = post.Meta.GetValueOrDefault("_thumbnail_id") is { } thumb && Attachment(thumb) is { } file ? file : default;
        if (post.Meta.ContainsKey("_thumbnail_id") && thumbnail.Url is null)
        {
            notes.Add($"its lead image, attachment {post.Meta["_thumbnail_id"]}, is not in the export");
        }
        // The slug it wants; the one it gets is found when its batch is written (AddAsync).
        var slug = WantedSlug(post);
        var write = new ArticleWrite(
            Slug: slug, Title: System.Net.WebUtility.HtmlDecode(post.Title.Length > 0 ? post.Title : "(tanpa judul)"),
            Excerpt: post.Excerpt.Length > 0 ? System.Net.WebUtility.HtmlDecode(post.Excerpt) : null, Body: body,
            Status: status, PublishedAt: status == ArticleStatus.Published ? post.DateGmt : null,
            FeatureImage: thumbnail.Url is not { Length: > 0 } ? null
                : new FeatureImageWrite(thumbnail.Asset is null ? thumbnail.Url : null, thumbnail.Alt, thumbnail.Caption, AssetId: thumbnail.Asset),
            Authors: bylines.Select(id => new BylineWrite(id, BylineRole.Reporter)).ToList(),
            Tags: post.Terms.Where(t => t.Domain is "category" or "post_tag").Select(t => t.Nicename).Distinct()
                .Select(s => tags.TryGetValue(s, out var id) ? id : (Guid?)null).OfType<Guid>().Take(30).Select(id => new TagRef(id)).ToList());
        if (!DryRun)
        {
            // The API's rules for each field; not its look-ups of the authors, tags and photos named, which this import made
            // itself (one query each per post was a fifth of the import's time).
            var validation = validator.Validate(write, o => o.IncludeProperties("title", "slug", "kicker", "subtitle", "excerpt", "body",
                "language", "featureImage", "seo", "authors", "tags"));
            if (!validation.IsValid)
            {
                notes.Add("not imported: " + string.Join("; ", validation.Errors.Select(e => $"{e.PropertyName} {e.ErrorMessage}")));
                return new MappedPost(post, label, null, notes);
            }
        }
        var article = new Article { Title = write.Title!, Slug = slug, Excerpt = "", Body = "", BodyHtml = "", Language = options.DefaultLanguage };
        ArticleMappings.Apply(write, article, options.DefaultLanguage, now);
        return new MappedPost(post, label, article, notes);
    }
}
