using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Import;

/// <summary>
/// Posts into articles, a batch of 200 in one save, through the API's own mapping, rules and sanitizer. A batch is mapped
/// (its bodies rendered and sanitized: the import's work of its own) while the batch before it is written, so the
/// database and this process work at once; one batch is written at a time.
/// </summary>
public sealed partial class WordPressImport
{
    /// <summary>The batch being written; what else writes waits for it (<see cref="WrittenAsync"/>).</summary>
    private Task writing = Task.CompletedTask;

    /// <summary>
    /// The WordPress ids of the posts a run before imported, read once as the posts begin (a query per batch, on a table
    /// filling faster than PostgreSQL's statistics follow, was planned as a scan of it): these are not mapped again. One
    /// this run meets twice the database refuses the second time (<see cref="WriteOneAsync"/> tells it).
    /// </summary>
    private HashSet<string> done = [];

    private async Task<HashSet<string>> ImportedPostsAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return (await db.ImportedItems.Where(i => i.Source == Source && i.Kind == "post").Select(i => i.ExternalId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>A post mapped onto a new article (null: it cannot be imported, its notes say why), all but its slug.</summary>
    private sealed record MappedPost(WxrItem Post, string Label, Article? Article, List<string> Notes);

    /// <summary>Maps the posts waiting, waits for the batch before to be written, and starts writing these.</summary>
    private async Task PostsAsync(CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var batch = Map(pending);
        pending.Clear();
        await WrittenAsync();
        if (++batches % 50 == 0)
        {
            // What a batch leaves behind is garbage by now, but the GC's old generation grows with the import and keeps it
            // (a 1 GB export peaked at 692 MB with under 100 MB alive): a full compacting collection every 10,000 posts
            // hands the memory back (513 MB; bench/IMPORT.md).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        writing = WriteAsync(batch, ct);
    }

    private int batches;

    /// <summary>Waits until the batch being written is in; every other write of the import comes after it.</summary>
    private Task WrittenAsync() => writing;

    /// <summary>The batch in one save; when the database refuses it, each post on its own, to find and name the one at fault.</summary>
    private async Task WriteAsync(List<MappedPost> batch, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            // The slugs the batch wants that are taken, in one query: only those look further (slug-2, ...).
            var wanted = batch.Where(p => p.Article is not null).Select(p => p.Article!.Slug).Distinct().ToList();
            var taken = (await SlugMoves.Taken(db, db.Articles.Select(a => a.Slug), "article").Where(s => wanted.Contains(s)).ToListAsync(ct))
                .ToHashSet();
            var inBatch = new HashSet<string>();
            var added = new List<MappedPost>();
            foreach (var post in batch)
            {
                if (await AddAsync(db, post, taken, inBatch, ct))
                {
                    added.Add(post);
                }
            }
            try
            {
                await SaveAsync(db, ct);
                added.ForEach(Told);
                progress.Write($"\rposts: {Report.Posts()}");
                return;
            }
            catch (DbUpdateException) when (batch.Count > 1)
            {
                // Some post of the batch the database refused: each on its own, so the others go in.
            }
        }
        foreach (var post in batch.Where(p => p.Article is not null))
        {
            try
            {
                await WriteOneAsync(post.Post, post.Label, ct);
            }
            catch (DbUpdateException e)
            {
                Report.Note(post.Label, $"not imported: {e.InnerException?.Message ?? e.Message}");
            }
        }
    }

    private async Task WriteOneAsync(WxrItem item, string label, CancellationToken ct)
    {
        // Mapped again: the batch's article is tracked by the save that failed.
        var post = Map([(item, label)])[0];
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await Known(db, "post", item.PostId, ct) is not null)
        {
            Report.Count("posts already imported");
            return;
        }
        if (await AddAsync(db, post, null, [], ct))
        {
            await SaveAsync(db, ct);
            Told(post);
        }
    }

    /// <summary>
    /// Adds a mapped post to the save under a free slug (taken: the batch's wanted slugs the site has; null, ask); false
    /// when it cannot be imported (told at once; an imported one is told when saved, <see cref="Told"/>).
    /// </summary>
    private async Task<bool> AddAsync(CmsDbContext db, MappedPost post, HashSet<string>? taken, HashSet<string> inBatch, CancellationToken ct)
    {
        if (post.Article is not { } article)
        {
            post.Notes.ForEach(note => Report.Note(post.Label, note));
            return false;
        }
        var wanted = article.Slug;
        article.Slug = await FreeSlugAsync(db, wanted, taken, inBatch, ct);
        if (article.Slug != wanted)
        {
            post.Notes.Add($"slug {wanted} is taken: {article.Slug}");
        }
        if (post.Post.Status == "trash")
        {
            // Never shown: straight to the trash, its slug reserved, restorable by an editor.
            ArticleTrash.Trash(db, article, null, Versions.Now(services.GetRequiredService<TimeProvider>()));
        }
        else
        {
            db.Articles.Add(article);
        }
        Remember(db, "post", post.Post.PostId, article.Id, OldPath(post.Post.Link));
        return true;
    }

    /// <summary>A post saved, into the report: its count, and what it had changed.</summary>
    private void Told(MappedPost post)
    {
        post.Notes.ForEach(note => Report.Note(post.Label, note));
        Report.Count(post.Post.Status switch
        {
            "publish" => "posts published",
            "future" => "posts scheduled",
            "trash" => "posts in the trash",
            _ => "posts as drafts",
        });
    }

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
        var thumbnail = post.Meta.GetValueOrDefault("_thumbnail_id") is { } thumb && attachments.TryGetValue(thumb, out var file) ? file : default;
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

    private static string WantedSlug(WxrItem post) => Slugs.Generate(Uri.UnescapeDataString(post.Name ?? post.Title), "article");

    /// <summary>
    /// The slug as the API resolves a taken one (slug-2, slug-3...), also against the batch's own. Taken: which of the
    /// batch's wanted slugs the site has (null: ask the database).
    /// </summary>
    private static async Task<string> FreeSlugAsync(CmsDbContext db, string wanted, HashSet<string>? taken, HashSet<string> inBatch,
        CancellationToken ct)
    {
        var slug = taken?.Contains(wanted) == false ? wanted
            : await Slugs.FirstFreeAsync(SlugMoves.Taken(db, db.Articles.Select(a => a.Slug), "article"), wanted, ct);
        for (var n = 2; inBatch.Contains(slug); n++)
        {
            slug = $"{wanted}-{n}";
        }
        inBatch.Add(slug);
        return slug;
    }
}
