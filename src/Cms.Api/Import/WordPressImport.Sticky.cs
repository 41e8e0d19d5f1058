using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Import;

/// <summary>Sticky posts pinned on the homepage collection.</summary>
public sealed partial class WordPressImport
{
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
}
