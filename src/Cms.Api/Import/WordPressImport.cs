using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Authors;
using Cms.Data.Import;
using Cms.Data.Infrastructure;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Import;

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
    private readonly Dictionary<string, Guid> assetsByPath = new(StringComparer.OrdinalIgnoreCase); // uploads path → asset
    private readonly List<(WxrItem Post, string Label)> pending = [];
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
        done = await ImportedPostsAsync(ct);
        await using var input = open();
        try
        {
            await foreach (var record in WxrReader.ReadAsync(input, ct))
            {
                await RecordAsync(record, ct);
            }
            await PostsAsync(ct);
        }
        catch
        {
            // A file cut short, or a stop: the batch being written finishes (or fails) before the error is told.
            await ((Task)writing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await WrittenAsync();
        await StickyAsync(ct);
    }

    /// <summary>One record of the second pass.</summary>
    private async Task RecordAsync(WxrRecord record, CancellationToken ct)
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
                if (done.Contains(item.PostId))
                {
                    Report.Count("posts already imported");
                    break;
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

    private async Task AuthorAsync(string kind, string login, string name, string? email, CancellationToken ct)
    {
        if (authors.ContainsKey(login))
        {
            return;
        }
        await WrittenAsync();
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
        await WrittenAsync();
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
        await WrittenAsync();
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
