using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data.Articles;

/// <summary>
/// Each article keeps a copy of its bylines and tags as readers see them, with their authors' and tags'
/// names (<see cref="Article.BylinesJson"/>, <see cref="Article.TagsJson"/>), so that a read is one
/// statement on one table. The copies are rebuilt from the link tables by one statement, in the
/// transaction of every save that could change them (<see cref="CmsDbContext.SaveChangesAsync(bool, CancellationToken)"/>
/// calls <see cref="RebuildAsync"/>): an article's links, or a shown field of an author or tag it links to.
/// The JSON is the API's own byline and tag summary; a test holds the copy to the join after every kind of write.
/// The lead image's asset and the assets the body shows are copied the same way (<see cref="Article.FeatureImageAssetJson"/>,
/// <see cref="Article.BodyAssetsJson"/> from <see cref="ArticleBodyAsset"/> rows), rebuilt when the article is saved and
/// when an asset's shown fields change.
/// </summary>
public static class ArticleLinkCopies
{
    /// <summary>The bylines shown for an article's author (the author's card and the byline's role).</summary>
    public static readonly string[] ShownAuthorFields = [nameof(Authors.Author.Slug), nameof(Authors.Author.Name),
        nameof(Authors.Author.Title), nameof(Authors.Author.AvatarUrl)];

    public static readonly string[] ShownTagFields = [nameof(Tags.Tag.Slug), nameof(Tags.Tag.Name)];

    /// <summary>What an article shows of an asset that can change (its file, size and hash cannot).</summary>
    public static readonly string[] ShownAssetFields = [nameof(Assets.Asset.Alt), nameof(Assets.Asset.Credit),
        nameof(Assets.Asset.FocalX), nameof(Assets.Asset.FocalY)];

    /// <summary>What a copy says of each link, in order: the id it points to, and a byline's role.</summary>
    public sealed record CopiedLink(Guid Id, BylineRole? Role);

    private static readonly JsonSerializerOptions CopyJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The links a copy (<see cref="Article.BylinesJson"/>, <see cref="Article.TagsJson"/>, <see cref="Article.BodyAssetsJson"/>) holds.</summary>
    public static List<CopiedLink> Read(string? json) =>
        json is null or "[]" ? [] : JsonSerializer.Deserialize<List<CopiedLink>>(json, CopyJson) ?? [];

    /// <summary>
    /// On PostgreSQL, writes the copies of the articles this save adds, from their tracked links and the rows they point
    /// to, so each goes in with its copies and <see cref="RebuildAsync"/> need not write it again: a row written a second
    /// time costs PostgreSQL its search vector again, as much as the insert (an import of thousands, and every create).
    /// The same objects as the rebuild's, in its order (a test holds the two equal as JSON; the rebuild compares them
    /// so). Read under the lock every write takes, so what they show is what the save commits. Answers the articles
    /// filled; one whose author, tag or asset is not there yet (added by the same save) is left to the rebuild, as is
    /// everything on SQLite, which compares the copies as text and keeps no search vector in the row.
    /// </summary>
    public static async Task<HashSet<Guid>> FillAddedAsync(CmsDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<Article>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var filled = new HashSet<Guid>();
        if (added.Count == 0 || !db.Database.IsNpgsql())
        {
            return filled;
        }
        var bylines = db.ChangeTracker.Entries<ArticleAuthor>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .ToLookup(b => b.ArticleId);
        var tags = db.ChangeTracker.Entries<ArticleTag>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToLookup(t => t.ArticleId);
        var shown = db.ChangeTracker.Entries<ArticleBodyAsset>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .ToLookup(m => m.ArticleId, m => m.AssetId);
        var authorIds = bylines.SelectMany(b => b).Select(b => b.AuthorId).Distinct().ToList();
        var tagIds = tags.SelectMany(t => t).Select(t => t.TagId).Distinct().ToList();
        var assetIds = added.Select(a => a.FeatureImageAssetId).OfType<Guid>().Concat(shown.SelectMany(m => m)).Distinct().ToList();
        var authors = await db.Authors.AsNoTracking().Where(a => authorIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new AuthorCopy(a.Id, a.Slug, a.Name, a.Title, a.AvatarUrl, default), ct);
        var tagCopies = await db.Tags.AsNoTracking().Where(t => tagIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => new TagCopy(t.Id, t.Slug, t.Name), ct);
        var assets = await db.Assets.AsNoTracking().Where(s => assetIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id,
            s => new AssetCopy(s.Id, s.OriginalKey, s.ContentType, s.Width, s.Height, s.Sha256, s.FocalX, s.FocalY, s.Alt, s.Credit), ct);
        foreach (var article in added)
        {
            var links = bylines[article.Id].OrderBy(b => b.Position).ToList();
            var linked = tags[article.Id].OrderBy(t => t.Position).ToList();
            var images = shown[article.Id].ToList();
            if (!links.All(b => authors.ContainsKey(b.AuthorId)) || !linked.All(t => tagCopies.ContainsKey(t.TagId))
                || !images.All(assets.ContainsKey) || (article.FeatureImageAssetId is { } lead && !assets.ContainsKey(lead)))
            {
                continue;
            }
            article.BylinesJson = JsonSerializer.Serialize(links.Select(b => authors[b.AuthorId] with { Role = b.Role }), CopyJson);
            article.TagsJson = JsonSerializer.Serialize(linked.Select(t => tagCopies[t.TagId]), CopyJson);
            // Ordered as the rebuild orders them: by id, as PostgreSQL orders a uuid (its text).
            article.BodyAssetsJson = JsonSerializer.Serialize(images.Select(id => assets[id]).OrderBy(a => a.Id.ToString(), StringComparer.Ordinal), CopyJson);
            article.FeatureImageAssetJson = article.FeatureImageAssetId is { } id ? JsonSerializer.Serialize(assets[id], CopyJson) : null;
            filled.Add(article.Id);
        }
        return filled;
    }

    /// <summary>The objects of the copies as <see cref="RebuildAsync"/> builds them, for <see cref="FillAddedAsync"/>.</summary>
    private sealed record AuthorCopy(Guid Id, string Slug, string Name, string? Title, string? AvatarUrl, BylineRole Role);

    private sealed record TagCopy(Guid Id, string Slug, string Name);

    private sealed record AssetCopy(Guid Id, string Key, string ContentType, int Width, int Height, string Sha256, double FocalX, double FocalY,
        string? Alt, string? Credit);

    /// <summary>
    /// Rewrites the copies of these articles from their link rows, in one statement. A row whose copy is already
    /// right is left alone: most saves change the text, not the links, and a row written again costs PostgreSQL
    /// its search index entries and lexeme trigger once more. PostgreSQL compares them as JSON (a copy
    /// <see cref="FillAddedAsync"/> wrote is right in another spelling).
    /// Answers how many rows it rewrote.
    /// </summary>
    public static Task<int> RebuildAsync(CmsDbContext db, IReadOnlyCollection<Guid> articleIds, CancellationToken ct) =>
        articleIds.Count == 0 ? Task.FromResult(0)
        : db.Database.IsSqlite()
            // EF Core stores a Guid on SQLite as upper-case text; the ids go in as one JSON array.
            ? db.Database.ExecuteSqlAsync($"""
                UPDATE "Articles" SET "BylinesJson" = c.b, "TagsJson" = c.t, "FeatureImageAssetJson" = c.i, "BodyAssetsJson" = c.m
                FROM (SELECT x."Id",
                    (SELECT json_object('id', s."Id", 'key', s."OriginalKey", 'contentType', s."ContentType", 'width', s."Width",
                        'height', s."Height", 'sha256', s."Sha256", 'focalX', s."FocalX", 'focalY', s."FocalY", 'alt', s."Alt",
                        'credit', s."Credit")
                      FROM "Assets" AS s WHERE s."Id" = x."FeatureImageAssetId") AS i,
                    (SELECT json_group_array(json_object('id', s."Id", 'key', s."OriginalKey", 'contentType', s."ContentType",
                        'width', s."Width", 'height', s."Height", 'sha256', s."Sha256", 'focalX', s."FocalX", 'focalY', s."FocalY",
                        'alt', s."Alt", 'credit', s."Credit") ORDER BY s."Id")
                      FROM "ArticleBodyAssets" AS m JOIN "Assets" AS s ON s."Id" = m."AssetId" WHERE m."ArticleId" = x."Id") AS m,
                    (SELECT json_group_array(json_object('id', au."Id", 'slug', au."Slug", 'name', au."Name",
                        'title', au."Title", 'avatarUrl', au."AvatarUrl", 'role', b."Role") ORDER BY b."Position")
                      FROM "ArticleAuthors" AS b JOIN "Authors" AS au ON au."Id" = b."AuthorId" WHERE b."ArticleId" = x."Id") AS b,
                    (SELECT json_group_array(json_object('id', t."Id", 'slug', t."Slug", 'name', t."Name") ORDER BY l."Position")
                      FROM "ArticleTags" AS l JOIN "Tags" AS t ON t."Id" = l."TagId" WHERE l."ArticleId" = x."Id") AS t
                  FROM "Articles" AS x
                  WHERE x."Id" IN (SELECT value FROM json_each({JsonSerializer.Serialize(articleIds.Select(id => id.ToString().ToUpperInvariant()))}))) AS c
                WHERE "Articles"."Id" = c."Id" AND ("Articles"."BylinesJson" IS NOT c.b OR "Articles"."TagsJson" IS NOT c.t
                    OR "Articles"."FeatureImageAssetJson" IS NOT c.i OR "Articles"."BodyAssetsJson" IS NOT c.m)
                """, ct)
            : db.Database.ExecuteSqlAsync($"""
                UPDATE "Articles" AS a SET "BylinesJson" = c.b, "TagsJson" = c.t, "FeatureImageAssetJson" = c.i, "BodyAssetsJson" = c.m
                FROM (SELECT x."Id",
                    (SELECT json_build_object('id', s."Id", 'key', s."OriginalKey", 'contentType', s."ContentType", 'width', s."Width",
                        'height', s."Height", 'sha256', s."Sha256", 'focalX', s."FocalX", 'focalY', s."FocalY", 'alt', s."Alt",
                        'credit', s."Credit")::text
                      FROM "Assets" AS s WHERE s."Id" = x."FeatureImageAssetId") AS i,
                    coalesce((SELECT json_agg(json_build_object('id', s."Id", 'key', s."OriginalKey", 'contentType', s."ContentType",
                        'width', s."Width", 'height', s."Height", 'sha256', s."Sha256", 'focalX', s."FocalX", 'focalY', s."FocalY",
                        'alt', s."Alt", 'credit', s."Credit") ORDER BY s."Id")
                      FROM "ArticleBodyAssets" AS m JOIN "Assets" AS s ON s."Id" = m."AssetId" WHERE m."ArticleId" = x."Id"), '[]')::text AS m,
                    coalesce((SELECT json_agg(json_build_object('id', au."Id", 'slug', au."Slug", 'name', au."Name",
                        'title', au."Title", 'avatarUrl', au."AvatarUrl", 'role', b."Role") ORDER BY b."Position")
                      FROM "ArticleAuthors" AS b JOIN "Authors" AS au ON au."Id" = b."AuthorId" WHERE b."ArticleId" = x."Id"), '[]')::text AS b,
                    coalesce((SELECT json_agg(json_build_object('id', t."Id", 'slug', t."Slug", 'name', t."Name") ORDER BY l."Position")
                      FROM "ArticleTags" AS l JOIN "Tags" AS t ON t."Id" = l."TagId" WHERE l."ArticleId" = x."Id"), '[]')::text AS t
                  FROM "Articles" AS x
                  WHERE x."Id" = ANY ({articleIds.ToArray()})) AS c
                WHERE a."Id" = c."Id" AND (a."BylinesJson"::jsonb IS DISTINCT FROM c.b::jsonb OR a."TagsJson"::jsonb IS DISTINCT FROM c.t::jsonb
                    OR a."FeatureImageAssetJson"::jsonb IS DISTINCT FROM c.i::jsonb OR a."BodyAssetsJson"::jsonb IS DISTINCT FROM c.m::jsonb)
                """, ct);
}
