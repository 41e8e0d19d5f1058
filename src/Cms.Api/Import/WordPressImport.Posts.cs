using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Import;

/// <summary>Posts into articles, a batch of 200 in one save, through the API's own mapping, rules and sanitizer.</summary>
public sealed partial class WordPressImport
{
    /// <summary>The posts waiting, in one save (one at a time when the save fails, to find and name the one at fault).</summary>
    private async Task PostsAsync(CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var batch = pending.ToList();
        pending.Clear();
        slugsInBatch.Clear();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var ids = batch.Select(p => p.Post.PostId).ToList();
            var done = (await db.ImportedItems.Where(i => i.Source == Source && i.Kind == "post" && ids.Contains(i.ExternalId))
                .Select(i => i.ExternalId).ToListAsync(ct)).ToHashSet();
            // The slugs the batch wants that are taken, in one query: only those look further (slug-2, ...).
            var wanted = batch.Select(p => WantedSlug(p.Post)).Distinct().ToList();
            takenInBatch = (await SlugMoves.Taken(db, db.Articles.Select(a => a.Slug), "article").Where(s => wanted.Contains(s)).ToListAsync(ct))
                .ToHashSet();
            var added = new List<(WxrItem, string)>();
            foreach (var (post, label) in batch)
            {
                if (done.Contains(post.PostId))
                {
                    Report.Count("posts already imported");
                    continue;
                }
                if (await PostAsync(scope.ServiceProvider, db, post, label, ct))
                {
                    added.Add((post, label));
                }
            }
            try
            {
                await SaveAsync(db, ct);
                added.ForEach(a => Report.Count(Counted(a.Item1.Status)));
                progress.Write($"\rposts: {Report.Counts.Where(c => c.Key.StartsWith("posts", StringComparison.Ordinal)).Sum(c => c.Value)}");
                return;
            }
            catch (DbUpdateException) when (batch.Count > 1)
            {
                // Some post of the batch the database refused: each on its own, so the others go in.
            }
        }
        foreach (var one in batch)
        {
            pending.Add(one);
            try
            {
                await PostsAsyncSingle(ct);
            }
            catch (DbUpdateException e)
            {
                Report.Note(one.Label, $"not imported: {e.InnerException?.Message ?? e.Message}");
            }
        }
    }

    private async Task PostsAsyncSingle(CancellationToken ct)
    {
        var (post, label) = pending[0];
        pending.Clear();
        slugsInBatch.Clear();
        takenInBatch = null;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await Known(db, "post", post.PostId, ct) is not null)
        {
            Report.Count("posts already imported");
            return;
        }
        if (await PostAsync(scope.ServiceProvider, db, post, label, ct))
        {
            await SaveAsync(db, ct);
            Report.Count(Counted(post.Status));
        }
    }

    private static string Counted(string status) => status switch
    {
        "publish" => "posts published",
        "future" => "posts scheduled",
        "trash" => "posts in the trash",
        _ => "posts as drafts",
    };

    /// <summary>Maps one post onto a new article (added to the save, not saved); false when it cannot be imported.</summary>
    private async Task<bool> PostAsync(IServiceProvider scoped, CmsDbContext db, WxrItem post, string label, CancellationToken ct)
    {
        var options = scoped.GetRequiredService<IOptions<CmsOptions>>().Value;
        var now = Versions.Now(scoped.GetRequiredService<TimeProvider>());
        var (body, kept) = WordPressContent.Convert(post.Content, AssetOfUpload);
        foreach (var shortcode in kept)
        {
            Report.Note(label, $"[{shortcode}] kept as text");
        }
        // Co-Authors Plus's bylines in their order; else the post's WordPress author.
        var coauthors = post.Terms.Where(t => t.Domain == "author").Select(t => t.Nicename).ToList();
        var bylines = (coauthors.Count > 0 ? coauthors : [post.Creator ?? ""])
            .Select(login => authors.TryGetValue(login, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        if (bylines.Count == 0)
        {
            Report.Note(label, $"no known author ({post.Creator}): imported without a byline");
        }
        var status = post.Status switch
        {
            "publish" or "future" when bylines.Count > 0 && body.Length > 0 => ArticleStatus.Published,
            _ => ArticleStatus.Draft,
        };
        if (post.Status is "publish" or "future" && status == ArticleStatus.Draft)
        {
            Report.Note(label, "published there, a draft here: a published story needs a byline and a body");
        }
        var thumbnail = post.Meta.GetValueOrDefault("_thumbnail_id") is { } thumb && attachments.TryGetValue(thumb, out var file) ? file : default;
        if (post.Meta.ContainsKey("_thumbnail_id") && thumbnail.Url is null)
        {
            Report.Note(label, $"its lead image, attachment {post.Meta["_thumbnail_id"]}, is not in the export");
        }
        var wantedSlug = WantedSlug(post);
        var slug = await FreeSlugAsync(db, wantedSlug, ct);
        if (slug != wantedSlug)
        {
            Report.Note(label, $"slug {wantedSlug} is taken: {slug}");
        }
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
            var validation = await scoped.GetRequiredService<IValidator<ArticleWrite>>().ValidateAsync(write,
                o => o.IncludeProperties("title", "slug", "kicker", "subtitle", "excerpt", "body", "language", "featureImage", "seo",
                    "authors", "tags"), ct);
            if (!validation.IsValid)
            {
                Report.Note(label, "not imported: " + string.Join("; ", validation.Errors.Select(e => $"{e.PropertyName} {e.ErrorMessage}")));
                return false;
            }
        }
        var article = new Article { Title = write.Title!, Slug = slug, Excerpt = "", Body = "", BodyHtml = "", Language = options.DefaultLanguage };
        ArticleMappings.Apply(write, article, options.DefaultLanguage, now);
        if (post.Status == "trash")
        {
            // Never shown: straight to the trash, its slug reserved, restorable by an editor.
            ArticleTrash.Trash(db, article, null, now);
        }
        else
        {
            db.Articles.Add(article);
        }
        Remember(db, "post", post.PostId, article.Id, OldPath(post.Link));
        return true;
    }

    private static string WantedSlug(WxrItem post) => Slugs.Generate(Uri.UnescapeDataString(post.Name ?? post.Title), "article");

    /// <summary>Which of the batch's wanted slugs the site has taken (null: ask the database for each).</summary>
    private HashSet<string>? takenInBatch;

    /// <summary>The slug as the API resolves a taken one (slug-2, slug-3...), also against the batch's own.</summary>
    private async Task<string> FreeSlugAsync(CmsDbContext db, string wanted, CancellationToken ct)
    {
        var slug = takenInBatch?.Contains(wanted) == false ? wanted
            : await Slugs.FirstFreeAsync(SlugMoves.Taken(db, db.Articles.Select(a => a.Slug), "article"), wanted, ct);
        for (var n = 2; slugsInBatch.Contains(slug); n++)
        {
            slug = $"{wanted}-{n}";
        }
        slugsInBatch.Add(slug);
        return slug;
    }
}
