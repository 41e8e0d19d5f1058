using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Authors;
using Cms.Data.Import;
using Cms.Data.Infrastructure;
using Cms.Data.Tags;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Import;

/// <summary>What an import did: counts per kind, and a line per item it changed or skipped, with why.</summary>
public sealed class ImportReport
{
    public SortedDictionary<string, int> Counts { get; } = [];
    public List<string> Lines { get; } = [];

    public void Count(string what) => Counts[what] = Counts.GetValueOrDefault(what) + 1;

    public void Note(string item, string why) => Lines.Add($"{item}: {why}");
}

/// <summary>
/// A WordPress export into the site (docs/import.md): users and Co-Authors Plus guest authors as authors, categories and
/// tags as tags, posts as articles through the API's own mapping (slugs as the API resolves them, the body through
/// its sanitizer). Each item made is remembered with its WordPress id (<see cref="ImportedItem"/>): a second run skips
/// it, and its old permalink finds the new story. One item's error never stops the rest; a file that is not WXR is
/// refused before anything is written.
/// </summary>
public sealed partial class WordPressImport(IServiceProvider services, TextWriter progress)
{
    public const string Source = "wordpress";
    private const int Batch = 200;

    private readonly Dictionary<string, Guid> authors = new(StringComparer.OrdinalIgnoreCase); // login or cap- slug → author
    private readonly Dictionary<string, Guid> tags = new(StringComparer.OrdinalIgnoreCase); // term slug → tag
    private readonly Dictionary<string, (string Url, string? Alt, string? Caption, Guid? Asset)> attachments = []; // post id → file
    private readonly Dictionary<string, Guid> assetsByPath = new(StringComparer.OrdinalIgnoreCase); // uploads path → asset
    private readonly List<(WxrItem Post, string Label)> pending = [];
    private readonly HashSet<string> slugsInBatch = [];
    private readonly List<string> sticky = []; // WordPress ids of sticky posts, in the export's order

    public ImportReport Report { get; } = new();

    public bool DryRun { get; init; }

    /// <summary>A copy of wp-content/uploads: attachments' files go into the media library from here. Null: they stay at their URLs.</summary>
    public string? Uploads { get; init; }

    /// <summary>
    /// Reads the export twice: its attachments first (WordPress writes a photo after the post it was uploaded into), then
    /// everything else, so every post finds its lead image and body photos whatever the order.
    /// </summary>
    public async Task RunAsync(Func<Stream> open, CancellationToken ct)
    {
        await using (var first = open())
        {
            await foreach (var record in WxrReader.ReadAsync(first, ct))
            {
                if (record is WxrItem { PostType: "attachment" } attachment)
                {
                    await AttachmentAsync(attachment, ct);
                }
            }
        }
        await using var input = open();
        await foreach (var record in WxrReader.ReadAsync(input, ct))
        {
            switch (record)
            {
                case WxrAuthor a:
                    await AuthorAsync("author", a.Login, a.DisplayName, a.Email, ct);
                    break;
                case WxrTerm { Taxonomy: "category" or "post_tag" } t:
                    await TagAsync(t, ct);
                    break;
                case WxrTerm { Taxonomy: "author" } t:
                    // Co-Authors Plus: a guest author's term (cap-login); its guest-author post may give a better name.
                    await AuthorAsync("author", t.Slug, t.Name, null, ct);
                    break;
                case WxrTerm:
                    Report.Count("terms of other taxonomies (skipped)");
                    break;
                case WxrItem { PostType: "attachment" }:
                    break; // the first pass took them

                case WxrItem { PostType: "guest-author" } item:
                    await GuestAuthorAsync(item, ct);
                    break;
                case WxrItem { PostType: "post" } item:
                    if (item.Sticky && item.Status == "publish")
                    {
                        sticky.Add(item.PostId);
                    }
                    pending.Add((item, $"post {item.PostId} \"{(item.Title.Length > 60 ? item.Title[..60] + "…" : item.Title)}\""));
                    if (pending.Count >= Batch)
                    {
                        await PostsAsync(ct);
                    }
                    break;
                case WxrItem { PostType: "page" }:
                    Report.Count("pages (skipped)");
                    break;
                case WxrItem item:
                    Report.Count($"{item.PostType} items (skipped)");
                    break;
            }
        }
        await PostsAsync(ct);
        await StickyAsync(ct);
    }

    /// <summary>The slug of the homepage collection that sticky posts are pinned to, when the site has it (docs/collections.md).</summary>
    public const string Homepage = "utama";

    /// <summary>
    /// Sticky posts pinned at the top of the homepage collection (a manual one), newest first and as many as it shows,
    /// before the stories chosen there already: a new arrangement, in effect now, the one before kept in the history.
    /// </summary>
    private async Task StickyAsync(CancellationToken ct)
    {
        if (sticky.Count == 0)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var homepage = await db.Collections.SingleOrDefaultAsync(c => c.Slug == Homepage, ct);
        if (homepage is not { Kind: Cms.Data.Collections.CollectionKind.Manual })
        {
            Report.Note("sticky posts", $"{sticky.Count} not pinned: the site has no manual collection {Homepage}");
            return;
        }
        var articles = await db.ImportedItems.Where(i => i.Source == Source && i.Kind == "post" && sticky.Contains(i.ExternalId))
            .Join(db.Articles, i => i.ResourceId, a => a.Id, (i, a) => new { a.Id, a.PublishedAt }).ToListAsync(ct);
        var pinned = articles.OrderByDescending(a => a.PublishedAt).Select(a => a.Id).Take(homepage.Capacity).ToList();
        if (articles.Count > pinned.Count)
        {
            Report.Note("sticky posts", $"{articles.Count - pinned.Count} not pinned: {Homepage} shows {homepage.Capacity}");
        }
        var now = Versions.Now(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var current = await db.CollectionArrangements.Where(a => a.CollectionId == homepage.Id && a.EffectiveAt <= now)
            .OrderByDescending(a => a.EffectiveAt).Select(a => a.ItemsJson).FirstOrDefaultAsync(ct);
        var before = Cms.Data.Collections.CollectionItem.Read(current ?? "[]").Where(i => !pinned.Contains(i.ArticleId)).ToList();
        var items = pinned.Select(id => new Cms.Data.Collections.CollectionItem(id, Pinned: true)).Concat(before).Take(100).ToList();
        if (items.SequenceEqual(Cms.Data.Collections.CollectionItem.Read(current ?? "[]")))
        {
            return; // a second run: pinned already
        }
        db.CollectionArrangements.Add(new Cms.Data.Collections.CollectionArrangement
        {
            CollectionId = homepage.Id, EffectiveAt = now, ItemsJson = Cms.Data.Collections.CollectionItem.Write(items),
        });
        db.Entry(homepage).State = EntityState.Modified;
        await SaveAsync(db, ct);
        Report.Count($"sticky posts pinned on {Homepage}");
    }

    /// <summary>An attachment: its file into the media library when the uploads folder has it (once: by content), else kept at its URL.</summary>
    private async Task AttachmentAsync(WxrItem item, CancellationToken ct)
    {
        var url = item.AttachmentUrl ?? item.Link ?? "";
        var (alt, caption) = (item.Meta.GetValueOrDefault("_wp_attachment_image_alt"), item.Excerpt.Length > 0 ? item.Excerpt : null);
        Guid? asset = null;
        var relative = UploadsPath(url);
        if (Uploads is not null && relative is not null)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            asset = await Known(db, "attachment", item.PostId, ct);
            var file = Path.Combine(Uploads, relative.Replace('/', Path.DirectorySeparatorChar));
            if (asset is null && File.Exists(file) && !DryRun)
            {
                try
                {
                    var bytes = await File.ReadAllBytesAsync(file, ct);
                    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
                    asset = await db.Assets.Where(a => a.Sha256 == sha).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
                        ?? (await Media.AssetUploads.TakeAsync(db, scope.ServiceProvider.GetRequiredService<Media.IMediaStore>(),
                            scope.ServiceProvider.GetRequiredService<Media.ImageWork>(),
                            scope.ServiceProvider.GetRequiredService<IOptions<Media.MediaOptions>>().Value, bytes, Path.GetFileName(file),
                            new Media.AssetWrite(alt, caption), null, ct))?.Id;
                    if (asset is { } made)
                    {
                        Remember(db, "attachment", item.PostId, made, null);
                        await SaveAsync(db, ct);
                        Report.Count("photos into the media library");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not DbUpdateException)
                {
                    Report.Note($"attachment {item.PostId} {relative}", $"not a photo the library takes ({e.Message}): kept at its URL");
                }
            }
            else if (asset is null && !File.Exists(file))
            {
                Report.Note($"attachment {item.PostId} {relative}", "no such file in the uploads folder: kept at its URL");
            }
            else if (asset is not null && !DryRun)
            {
                Report.Count("photos already in the media library");
            }
        }
        if (asset is null)
        {
            Report.Count("attachments kept at their URLs");
        }
        else if (relative is not null)
        {
            assetsByPath[relative] = asset.Value;
        }
        attachments[item.PostId] = (url, alt, caption, asset);
    }

    /// <summary>"https://site/wp-content/uploads/2024/06/putin.jpg" → "2024/06/putin.jpg"; null for other addresses.</summary>
    private static string? UploadsPath(string url)
    {
        var at = url.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : Uri.UnescapeDataString(url[(at + "/wp-content/uploads/".Length)..].Split('?', '#')[0]);
    }

    /// <summary>A body's image of the uploads folder as its library asset: the file itself, or one of WordPress's resized copies (-300x200).</summary>
    private Guid? AssetOfUpload(string url) =>
        UploadsPath(url) is { } path && (assetsByPath.TryGetValue(path, out var asset)
            || assetsByPath.TryGetValue(ResizedCopy().Replace(path, "$1"), out asset)) ? asset : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"-\d+x\d+(\.[a-zA-Z]+)$")]
    private static partial System.Text.RegularExpressions.Regex ResizedCopy();

    private async Task AuthorAsync(string kind, string login, string name, string? email, CancellationToken ct)
    {
        if (authors.ContainsKey(login))
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await Known(db, kind, login, ct) is { } known)
        {
            authors[login] = known;
            Report.Count("authors already imported");
            return;
        }
        var slug = Slugs.Generate(login.StartsWith("cap-", StringComparison.Ordinal) ? login[4..] : login, "author");
        var existing = await db.Authors.Where(a => a.Slug == slug).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct);
        var author = existing ?? Guid.CreateVersion7();
        if (existing is null)
        {
            db.Authors.Add(new Author { Id = author, Slug = slug, Name = name, Email = email });
            Report.Count("authors");
        }
        else
        {
            Report.Note($"author {login}", $"the site's author {slug} already, credited as them");
        }
        authors[login] = author;
        Remember(db, kind, login, author, null);
        await SaveAsync(db, ct);
    }

    /// <summary>A Co-Authors Plus guest author's profile: their display name replaces the term's.</summary>
    private async Task GuestAuthorAsync(WxrItem item, CancellationToken ct)
    {
        var login = item.Meta.GetValueOrDefault("cap-user_login") ?? item.Name ?? item.PostId;
        var name = item.Meta.GetValueOrDefault("cap-display_name") ?? item.Title;
        var key = authors.ContainsKey($"cap-{login}") ? $"cap-{login}" : login;
        if (!authors.TryGetValue(key, out var id))
        {
            await AuthorAsync("author", $"cap-{login}", name, item.Meta.GetValueOrDefault("cap-user_email"), ct);
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await db.Authors.FindAsync([id], ct) is { } author && author.Name != name)
        {
            author.Name = name;
            await SaveAsync(db, ct);
        }
    }

    private async Task TagAsync(WxrTerm term, CancellationToken ct)
    {
        if (tags.ContainsKey(term.Slug))
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await Known(db, "term", term.Slug, ct) is { } known)
        {
            tags[term.Slug] = known;
            Report.Count("tags already imported");
            return;
        }
        var slug = Slugs.Generate(term.Slug, "tag");
        var existing = await db.Tags.Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
        var tag = existing ?? Guid.CreateVersion7();
        if (existing is null)
        {
            // A category's parent has no field of its own: it is kept in the description (docs/import.md).
            var description = string.Join(" ", new[] { term.Description, term.Parent is { } parent ? $"(Kategori induk: {parent})" : null }
                .Where(s => !string.IsNullOrWhiteSpace(s)));
            db.Tags.Add(new Tag { Id = tag, Slug = slug, Name = System.Net.WebUtility.HtmlDecode(term.Name), Description = description.Length > 0 ? description : null });
            Report.Count(term.Taxonomy == "category" ? "categories as tags" : "tags");
        }
        tags[term.Slug] = tag;
        Remember(db, "term", term.Slug, tag, null);
        await SaveAsync(db, ct);
    }

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

    public static string? OldPath(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri.AbsolutePath.TrimEnd('/') is { Length: > 0 } p ? p : "/" : null;

    private static async Task<Guid?> Known(CmsDbContext db, string kind, string externalId, CancellationToken ct) =>
        await db.ImportedItems.Where(i => i.Source == Source && i.Kind == kind && i.ExternalId == externalId)
            .Select(i => (Guid?)i.ResourceId).SingleOrDefaultAsync(ct);

    private static void Remember(CmsDbContext db, string kind, string externalId, Guid resource, string? oldPath) =>
        db.ImportedItems.Add(new ImportedItem
        {
            Source = Source, Kind = kind, ExternalId = externalId, ResourceId = resource, OldPath = oldPath, ImportedAt = DateTimeOffset.UtcNow,
        });

    private Task SaveAsync(CmsDbContext db, CancellationToken ct) => DryRun ? Task.CompletedTask : db.SaveChangesAsync(ct);
}
