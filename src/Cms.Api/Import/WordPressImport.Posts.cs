using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Import;

/// <summary>
/// Posts into articles, a batch of 200 in one save, through the API's own mapping, rules and sanitizer. A batch is mapped
/// (its bodies rendered and sanitized: the import's work of its own) and its save made ready (its slugs found, its
/// articles added to a context of its own) while the batch before it is written, so the database and this process work
/// at once; one batch is written at a time.
/// </summary>
public sealed partial class WordPressImport
{
    /// <summary>The batch being written; what else writes waits for it (<see cref="WrittenAsync"/>).</summary>
    private Task<ImportReport> writing = Task.FromResult(new ImportReport());

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


    /// <summary>Maps the posts waiting and makes their save ready, waits for the batch before to be written, and starts writing these.</summary>
    private async Task PostsAsync(CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var batch = Map(pending);
        pending.Clear();
        var save = await PrepareAsync(batch, ct);
        try
        {
            await WrittenAsync();
        }
        catch
        {
            await save.Scope.DisposeAsync();
            throw;
        }
        if (++batches % 50 == 0)
        {
            // What a batch leaves behind is garbage by now, but the GC's old generation grows with the import and keeps it
            // (a 1 GB export peaked at 692 MB with under 100 MB alive): a full compacting collection every 10,000 posts
            // hands the memory back (513 MB; bench/IMPORT.md).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        writingSlugs = save.Slugs;
        writing = WriteAsync(save, ct);
    }

    private int batches;

    /// <summary>Waits until the batch being written is in; every other write of the import comes after it.</summary>
    /// <remarks>A batch's writing tells a report of its own, added to the import's here: only the reading thread tells that.</remarks>
    private async Task WrittenAsync()
    {
        var told = await writing;
        writing = Task.FromResult(new ImportReport());
        if (told.Counts.Count > 0 || told.Lines.Count > 0)
        {
            Report.Add(told);
            progress.Write($"\rposts: {Report.Counts.Where(c => c.Key.StartsWith("posts", StringComparison.Ordinal)).Sum(c => c.Value)}");
        }
    }

    /// <summary>A batch's save made ready: its context with the articles added, the slugs they got, and what it told.</summary>
    private sealed record PreparedBatch(AsyncServiceScope Scope, CmsDbContext Db, List<MappedPost> Batch, List<MappedPost> Added,
        HashSet<string> Slugs, ImportReport Told);

    /// <summary>The slugs of the batch being written: not committed yet, so the next batch's look-up cannot see them.</summary>
    private HashSet<string> writingSlugs = [];

    /// <summary>A batch's save, ready to write: its articles added under free slugs (the site's, and the batch's being written).</summary>
    private async Task<PreparedBatch> PrepareAsync(List<MappedPost> batch, CancellationToken ct)
    {
        var told = new ImportReport();
        var scope = services.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            // The slugs the batch wants that are taken, in one query: only those look further (slug-2, ...).
            var wanted = batch.Where(p => p.Article is not null).Select(p => p.Article!.Slug).Distinct().ToList();
            var taken = (await SlugMoves.Taken(db, db.Articles.Select(a => a.Slug), "article").Where(s => wanted.Contains(s)).ToListAsync(ct))
                .ToHashSet();
            var inBatch = new HashSet<string>(writingSlugs);
            var added = new List<MappedPost>();
            foreach (var post in batch)
            {
                if (await AddAsync(told, db, post, taken, inBatch, ct))
                {
                    added.Add(post);
                }
            }
            return new PreparedBatch(scope, db, batch, added, added.Select(p => p.Article!.Slug).ToHashSet(), told);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>The batch in one save; when the database refuses it, each post on its own, to find and name the one at fault.</summary>
    private async Task<ImportReport> WriteAsync(PreparedBatch save, CancellationToken ct)
    {
        var (batch, told) = (save.Batch, save.Told);
        await using (save.Scope)
        {
            try
            {
                await SaveAsync(save.Db, ct);
                save.Added.ForEach(post => Told(told, post));
                return told;
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
                await WriteOneAsync(told, post.Post, post.Label, ct);
            }
            catch (DbUpdateException e)
            {
                told.Note(post.Label, $"not imported: {e.InnerException?.Message ?? e.Message}");
            }
        }
        return told;
    }

    private async Task WriteOneAsync(ImportReport told, WxrItem item, string label, CancellationToken ct)
    {
        // Mapped again: the batch's article is tracked by the save that failed.
        var post = Map([(item, label)])[0];
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await Known(db, "post", item.PostId, ct) is not null)
        {
            told.Count("posts already imported");
            return;
        }
        if (await AddAsync(told, db, post, null, [], ct))
        {
            await SaveAsync(db, ct);
            Told(told, post);
        }
    }

    /// <summary>
    /// Adds a mapped post to the save under a free slug (taken: the batch's wanted slugs the site has; null, ask); false
    /// when it cannot be imported (told at once; an imported one is told when saved, <see cref="Told"/>).
    /// </summary>
    private async Task<bool> AddAsync(ImportReport told, CmsDbContext db, MappedPost post, HashSet<string>? taken, HashSet<string> inBatch, CancellationToken ct)
    {
        if (post.Article is not { } article)
        {
            post.Notes.ForEach(note => told.Note(post.Label, note));
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
    private static void Told(ImportReport told, MappedPost post)
    {
        post.Notes.ForEach(note => told.Note(post.Label, note));
        told.Count(post.Post.Status switch
        {
            "publish" => "posts published",
            "future" => "posts scheduled",
            "trash" => "posts in the trash",
            _ => "posts as drafts",
        });
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
