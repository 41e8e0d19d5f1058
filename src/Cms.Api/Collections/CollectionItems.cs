using Cms.Api.Articles;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Collections;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Collections;

/// <summary>
/// What a collection shows at an instant (docs/collections.md): of a manual one, its chosen stories readers may see, a
/// pinned one at its own position (the filler takes its place while it cannot be seen), the others in order in the
/// positions left, then the filler's newest stories in what remains; of an automatic one, the filler's; of a mostRead
/// one, the most viewed in its window that the filler takes. At most the capacity, never a story twice.
/// </summary>
public sealed class CollectionItems(CmsDbContext db, CollectionQueries compiled, MostRead mostRead, Media.Variants variants, SiteLinks site)
{
    /// <summary>A collection as stored, with the chosen items of the arrangement in effect.</summary>
    public sealed record Arranged(Collection Collection, CollectionArrangement? Arrangement)
    {
        public IReadOnlyList<CollectionItem> Chosen { get; } = Arrangement is null ? [] : CollectionItem.Read(Arrangement.ItemsJson);
    }

    /// <summary>The collection of this slug with its arrangement in effect at <paramref name="now"/>; null when there is none.</summary>
    public Task<Arranged?> FindAsync(string slug, DateTimeOffset now, CancellationToken ct) => compiled.Collection(db, slug, now, ct);

    /// <summary>The collections of these ids, each with its arrangement in effect at <paramref name="now"/>.</summary>
    public Task<List<Arranged>> FindAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset now, CancellationToken ct) =>
        Arrange(db.Collections.Where(c => ids.Contains(c.Id)), now).ToListAsync(ct);

    private static IQueryable<Arranged> Arrange(IQueryable<Collection> collections, DateTimeOffset now) =>
        collections.AsNoTracking()
            .Select(c => new Arranged(c, c.Arrangements.Where(a => a.EffectiveAt <= now)
                .OrderByDescending(a => a.EffectiveAt).ThenByDescending(a => a.Id).FirstOrDefault()));

    /// <summary>
    /// The items at <paramref name="now"/>, as readers see them; with <paramref name="preview"/>, chosen drafts and
    /// scheduled stories too (not archived ones), as the desk will see them go out.
    /// </summary>
    public async Task<List<ArticleSummary>> ShowAsync(Arranged arranged, DateTimeOffset now, bool preview, bool withBody, CancellationToken ct)
    {
        var c = arranged.Collection;
        var filler = CollectionFiller.Read(c.FillerJson);
        var shown = c.Kind switch
        {
            CollectionKind.Automatic => await FillAsync(filler ?? new CollectionFiller(), c.Capacity, now, withBody, ct),
            CollectionKind.MostRead => await MostReadAsync(c, filler, now, withBody, ct),
            _ => await ManualAsync(c, arranged.Chosen, filler, now, preview, withBody, ct),
        };
        return shown.Select(s => s.WithVariants(variants).WithSite(site)).ToList();
    }

    private async Task<List<ArticleSummary>> ManualAsync(Collection c, IReadOnlyList<CollectionItem> chosen, CollectionFiller? filler,
        DateTimeOffset now, bool preview, bool withBody, CancellationToken ct)
    {
        // One query: the chosen stories, and the filler's newest for the positions they leave when all are seen.
        var ids = chosen.Select(i => i.ArticleId).ToList();
        var picked = db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id));
        picked = preview ? picked.Where(a => a.Status != ArticleStatus.Archived) : picked.Where(ArticleVisibility.Visible(now));
        var filling = filler is null ? 0 : Math.Max(0, c.Capacity - ids.Count);
        var rows = (filling, ids.Count) switch
        {
            (0, 0) => null,
            (0, _) => picked,
            (_, 0) => Fill(filler!, ids, filling, now),
            _ => picked.Concat(Fill(filler!, ids, filling, now)),
        };
        var read = rows is null ? [] : await rows.Select(ArticleMappings.ToSummary(now, withBody)).ToListAsync(ct);
        var chosenIds = ids.ToHashSet();
        var found = read.Where(r => chosenIds.Contains(r.Id)).ToDictionary(r => r.Id);
        // The filler's in its own order (a union keeps none): newest first, then by id as the list breaks ties.
        var fill = new Queue<ArticleSummary>(read.Where(r => !chosenIds.Contains(r.Id))
            .OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id.ToString("D"), StringComparer.Ordinal));

        var slots = new ArticleSummary?[c.Capacity];
        var held = new bool[c.Capacity];
        foreach (var (item, position) in chosen.Select((item, i) => (item, i)).Where(x => x.item.Pinned && x.i < c.Capacity))
        {
            held[position] = true; // kept for its story, which the filler stands in for while readers cannot see it
            slots[position] = found.GetValueOrDefault(item.ArticleId);
        }
        var free = 0;
        // A pinned item beyond the capacity (which shrank since) stands in order with the others.
        foreach (var item in chosen.Where((item, i) => !item.Pinned || i >= c.Capacity))
        {
            if (found.TryGetValue(item.ArticleId, out var story))
            {
                while (free < c.Capacity && held[free])
                {
                    free++;
                }
                if (free == c.Capacity)
                {
                    break;
                }
                slots[free] = story;
                held[free] = true;
            }
        }
        // Chosen stories readers cannot see now leave more positions: the filler's next ones, in a second query.
        var missing = slots.Count(s => s is null) - fill.Count;
        if (filler is not null && missing > 0 && fill.Count == filling)
        {
            var taken = ids.Concat(fill.Select(f => f.Id)).ToList();
            foreach (var more in await Fill(filler, taken, missing, now).Select(ArticleMappings.ToSummary(now, withBody)).ToListAsync(ct))
            {
                fill.Enqueue(more);
            }
        }
        for (var i = 0; i < slots.Length && fill.Count > 0; i++)
        {
            slots[i] ??= fill.Dequeue();
        }
        return slots.OfType<ArticleSummary>().ToList();
    }

    private async Task<List<ArticleSummary>> FillAsync(CollectionFiller filler, int take, DateTimeOffset now, bool withBody, CancellationToken ct) =>
        await Fill(filler, [], take, now).Select(ArticleMappings.ToSummary(now, withBody)).ToListAsync(ct);

    /// <summary>The filler's newest stories, none of <paramref name="chosen"/>: through the article list's own query.</summary>
    private IQueryable<Article> Fill(CollectionFiller filler, List<Guid> chosen, int take, DateTimeOffset now)
    {
        var filter = Filter(filler);
        var articles = filter.Narrows(keyed: false)
            ? filter.Narrow(db, keyed: false, now, take + chosen.Count)
            : filter.Where(db.Articles.AsNoTracking(), keyed: false, now);
        if (chosen.Count > 0)
        {
            articles = articles.Where(a => !chosen.Contains(a.Id));
        }
        return filter.Order(articles, keyed: false).Take(take);
    }

    private async Task<List<ArticleSummary>> MostReadAsync(Collection c, CollectionFiller? filler, DateTimeOffset now, bool withBody,
        CancellationToken ct)
    {
        var ranked = await mostRead.RankedAsync(c.Window ?? "24h");
        if (ranked.Count == 0)
        {
            return [];
        }
        // The ranked stories readers may see and the filler takes, a slice at a time from the top: the first slice
        // (twice the capacity) is nearly always enough, since a story is viewed while readers can see it.
        var shown = new List<ArticleSummary>(c.Capacity);
        var candidates = Filter(filler ?? new CollectionFiller()).Where(db.Articles.AsNoTracking(), keyed: false, now);
        for (int from = 0, size = Math.Max(2 * c.Capacity, 20); from < ranked.Count && shown.Count < c.Capacity; from += size, size = 200)
        {
            var slice = ranked.Skip(from).Take(size).ToList();
            var found = (await candidates.Where(a => slice.Contains(a.Id)).Select(ArticleMappings.ToSummary(now, withBody)).ToListAsync(ct))
                .ToDictionary(s => s.Id);
            shown.AddRange(slice.Where(found.ContainsKey).Select(id => found[id]).Take(c.Capacity - shown.Count));
        }
        return shown;
    }

    /// <summary>A filler as the article list's filter of published stories, newest first.</summary>
    public static ArticleFilter Filter(CollectionFiller filler) =>
        new(null, null, filler.Tag ?? [], filler.TagMode == "all", filler.Author, filler.Language, null, null, null, "-publishedAt", null,
            false, new ArticleListShape(null, false));
}

/// <summary>
/// The chosen items' order under the desk's operations: a pinned item keeps its index (its position) while others are
/// put, moved or removed around it; the unpinned ones keep their order in the positions left. When the list grows too
/// short for a pinned item's index, it stands last.
/// </summary>
public static class ChosenOrder
{
    /// <summary>
    /// The article at <paramref name="position"/> (1 for the top), pinned or not; the others as they were. A pinned article
    /// takes exactly that position (null and the position's pinned article when another holds it); an unpinned one the
    /// first position from there that no pinned article holds.
    /// </summary>
    public static (List<CollectionItem>? Order, Guid? PinnedThere) Place(IReadOnlyList<CollectionItem> chosen, Guid article, int position,
        bool pinned)
    {
        var (held, free) = Split(chosen, article);
        var index = position - 1;
        if (pinned)
        {
            if (held.TryGetValue(index, out var holder))
            {
                return (null, holder.ArticleId);
            }
            held[index] = new CollectionItem(article, true);
        }
        else
        {
            // How many unpinned items the layout puts before the position.
            var before = index - held.Keys.Count(i => i < index);
            free.Insert(Math.Clamp(before, 0, free.Count), new CollectionItem(article));
        }
        return (Join(held, free), null);
    }

    /// <summary>The order without the article.</summary>
    public static List<CollectionItem> Remove(IReadOnlyList<CollectionItem> chosen, Guid article)
    {
        var (held, free) = Split(chosen, article);
        return Join(held, free);
    }

    private static (SortedDictionary<int, CollectionItem> Held, List<CollectionItem> Free) Split(IReadOnlyList<CollectionItem> chosen, Guid without)
    {
        var held = new SortedDictionary<int, CollectionItem>();
        var free = new List<CollectionItem>();
        for (var i = 0; i < chosen.Count; i++)
        {
            if (chosen[i].ArticleId == without)
            {
                continue;
            }
            if (chosen[i].Pinned)
            {
                held[i] = chosen[i];
            }
            else
            {
                free.Add(chosen[i]);
            }
        }
        return (held, free);
    }

    private static List<CollectionItem> Join(SortedDictionary<int, CollectionItem> held, List<CollectionItem> free)
    {
        var order = new List<CollectionItem>(held.Count + free.Count);
        var next = 0;
        var total = held.Count + free.Count;
        for (var i = 0; i < total; i++)
        {
            if (held.TryGetValue(i, out var pinned))
            {
                order.Add(pinned);
            }
            else if (next < free.Count)
            {
                order.Add(free[next++]);
            }
        }
        // Pinned items beyond the list's end stand last, in their order.
        order.AddRange(held.Where(h => h.Key >= total).Select(h => h.Value));
        return order;
    }
}

/// <summary>
/// The query every read of a collection begins with, compiled: built per request, a query's expression is hashed and
/// scanned for parameters each time (see <see cref="ArticleReads"/>, which also explains why there is one per app).
/// </summary>
public sealed class CollectionQueries
{
    /// <summary>A collection by slug, with its arrangement in effect at an instant.</summary>
    public readonly Func<CmsDbContext, string, DateTimeOffset, CancellationToken, Task<CollectionItems.Arranged?>> Collection =
        EF.CompileAsyncQuery((CmsDbContext db, string slug, DateTimeOffset now, CancellationToken ct) =>
            db.Collections.AsNoTracking().Where(c => c.Slug == slug)
                .Select(c => new CollectionItems.Arranged(c, c.Arrangements.Where(a => a.EffectiveAt <= now)
                    .OrderByDescending(a => a.EffectiveAt).ThenByDescending(a => a.Id).FirstOrDefault()))
                .SingleOrDefault());
}
