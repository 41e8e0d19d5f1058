using Cms.Api.Site;
using Cms.Api.Articles;
using Cms.Api.Authors;
using Cms.Api.Media;
using Cms.Api.Tags;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Sync;

/// <summary>The current state of a set of resources: one query per resource type, whatever the count.</summary>
public static class SyncItems
{
    public static async Task<List<SyncItem>> LoadAsync(CmsDbContext db, Variants variants, SiteLinks site, Collections.CollectionItems collections,
        Articles.Live.LiveUpdates live, List<(string Resource, Guid Id)> wanted, bool keyed, DateTimeOffset now, CancellationToken ct)
    {
        var articleIds = Ids(wanted, "article");
        var articleQuery = db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id));
        if (!keyed)
        {
            articleQuery = articleQuery.Where(ArticleVisibility.Visible(now));
        }
        var articles = articleIds.Count == 0 ? []
            : (await articleQuery.Select(ArticleMappings.ToResponse).ToListAsync(ct)).Select(a => a.ShownAt(now).WithVariants(variants).WithSite(site)).ToList();
        var authorIds = Ids(wanted, "author");
        var authors = authorIds.Count == 0 ? [] : await db.Authors.AsNoTracking().Where(a => authorIds.Contains(a.Id))
            .Select(AuthorMappings.ToResponse).ToListAsync(ct);
        var tagIds = Ids(wanted, "tag");
        var tags = tagIds.Count == 0 ? [] : await db.Tags.AsNoTracking().Where(t => tagIds.Contains(t.Id))
            .Select(TagMappings.ToResponse).ToListAsync(ct);

        var byArticle = articles.ToDictionary(a => a.Id,
            a => keyed ? a : a.ForReaders());
        var byAuthor = authors.ToDictionary(a => a.Id, a => (keyed ? a : a.ForReaders()).WithAvatarVariants(variants).WithSite(site));
        var assetIds = Ids(wanted, "asset");
        var assets = assetIds.Count == 0 ? [] : await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id))
            .Select(AssetMappings.ToResponse).ToListAsync(ct);

        var byTag = tags.ToDictionary(t => t.Id, t => t.WithSite(site));
        var collectionIds = Ids(wanted, "collection");
        var byCollection = new Dictionary<Guid, Collections.CollectionResponse>();
        // Few: one query for the collections, and each one's items as its read shows them.
        foreach (var arranged in collectionIds.Count == 0 ? [] : await collections.FindAsync(collectionIds, now, ct))
        {
            byCollection[arranged.Collection.Id] = await Collections.CollectionEndpoints.ViewAsync(arranged, collections, db, site,
                new Keys.Caller(null, null), now, preview: false, withBody: false, ct);
        }
        // A live story's updates, while readers may see the story.
        var updateIds = Ids(wanted, "liveupdate");
        var visible = ArticleVisibility.Visible(now);
        var updates = updateIds.Count == 0 ? [] : await db.LiveUpdates.AsNoTracking().Where(u => updateIds.Contains(u.Id))
            .Join(keyed ? db.Articles : db.Articles.Where(visible), u => u.ArticleId, a => a.Id, (u, a) => new { Update = u, a.Slug, a.PublishedAt })
            .ToListAsync(ct);
        var byUpdate = updates.ToDictionary(u => u.Update.Id,
            u => live.Map(u.Update, new Articles.Live.LiveStory(u.Update.ArticleId, u.Slug, u.PublishedAt)));
        var byAsset = assets.ToDictionary(a => a.Id, a => variants.Describe(keyed ? a : a.ForReaders()));
        return wanted.Select(w => w.Resource switch
        {
            "article" => new SyncItem(w.Resource, w.Id, !byArticle.ContainsKey(w.Id), Article: byArticle.GetValueOrDefault(w.Id)),
            "author" => new SyncItem(w.Resource, w.Id, !byAuthor.ContainsKey(w.Id), Author: byAuthor.GetValueOrDefault(w.Id)),
            "asset" => new SyncItem(w.Resource, w.Id, !byAsset.ContainsKey(w.Id), Asset: byAsset.GetValueOrDefault(w.Id)),
            "collection" => new SyncItem(w.Resource, w.Id, !byCollection.ContainsKey(w.Id), Collection: byCollection.GetValueOrDefault(w.Id)),
            "liveupdate" => new SyncItem(w.Resource, w.Id, !byUpdate.ContainsKey(w.Id), LiveUpdate: byUpdate.GetValueOrDefault(w.Id)),
            _ => new SyncItem(w.Resource, w.Id, !byTag.ContainsKey(w.Id), Tag: byTag.GetValueOrDefault(w.Id)),
        }).ToList();
    }

    private static List<Guid> Ids(List<(string Resource, Guid Id)> wanted, string resource) =>
        wanted.Where(w => w.Resource == resource).Select(w => w.Id).ToList();
}
