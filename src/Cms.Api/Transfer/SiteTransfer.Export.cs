using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Cms.Api.Media;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Assets;
using Cms.Data.Audit;
using Cms.Data.Authors;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cms.Api.Transfer;

public static partial class SiteTransfer
{
    public static async Task<int> ExportAsync(CmsDbContext db, IMediaStore media, Stream output, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(output);
        var count = 0;
        async Task Write(string kind, JsonObject data)
        {
            writer.Reset();
            new JsonObject { ["kind"] = kind, ["data"] = data }.WriteTo(writer);
            await writer.FlushAsync(ct);
            output.WriteByte((byte)'\n');
            count++;
        }
        await Write("cms", new JsonObject { ["format"] = FormatVersion });
        await foreach (var key in db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("key", Columns(db, key));
        }
        // Assets before authors: an author's avatar may be one.
        await foreach (var asset in db.Assets.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            var data = Columns(db, asset);
            await using (var stored = await media.GetAsync(asset.OriginalKey, ct))
            {
                data["file"] = stored is null ? null : Convert.ToBase64String(await stored.ReadAllAsync(ct));
            }
            await Write("asset", data);
        }
        await foreach (var author in db.Authors.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("author", Columns(db, author));
        }
        // People after authors: a person's author profile is one.
        await foreach (var person in db.People.AsNoTracking().OrderBy(p => p.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("person", Columns(db, person));
        }
        await foreach (var tag in db.Tags.AsNoTracking().OrderBy(t => t.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("tag", Columns(db, tag));
        }
        await foreach (var article in db.Articles.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            // The links as the article's own copies hold them, in order: no join.
            var data = Columns(db, article);
            data["authors"] = new JsonArray(ArticleLinkCopies.Read(article.BylinesJson)
                .Select(b => (JsonNode)new JsonObject { ["authorId"] = Id(b.Id), ["role"] = b.Role.ToString() }).ToArray());
            data["tags"] = new JsonArray(ArticleLinkCopies.Read(article.TagsJson).Select(t => (JsonNode)Id(t.Id)).ToArray());
            data["bodyAssets"] = new JsonArray(ArticleLinkCopies.Read(article.BodyAssetsJson).Select(m => (JsonNode)Id(m.Id)).ToArray());
            await Write("article", data);
        }
        // Live coverage: each story's coverage, its updates and the events of its stream (for Last-Event-ID after a move).
        await foreach (var coverage in db.LiveCoverages.AsNoTracking().OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("livecoverage", Columns(db, coverage));
        }
        await foreach (var update in db.LiveUpdates.AsNoTracking().OrderBy(u => u.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("liveupdate", Columns(db, update));
        }
        await foreach (var e in db.LiveEvents.AsNoTracking().OrderBy(e => e.ArticleId).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("liveevent", Columns(db, e));
        }
        // Collections, and every arrangement (the one in effect, those to come, the history).
        await foreach (var collection in db.Collections.AsNoTracking().OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("collection", Columns(db, collection));
        }
        await foreach (var arrangement in db.CollectionArrangements.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("arrangement", Columns(db, arrangement));
        }
        await foreach (var revision in db.ArticleRevisions.AsNoTracking().OrderBy(r => r.ArticleId).ThenBy(r => r.Number)
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("revision", Columns(db, revision));
        }
        await foreach (var trashed in db.ArticleTrash.AsNoTracking().OrderBy(t => t.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("trashed", Columns(db, trashed));
        }
        // Ordinal order on both providers (PostgreSQL's would follow its collation).
        var slugs = db.Database.IsNpgsql()
            ? db.RetiredSlugs.AsNoTracking().OrderBy(s => EF.Functions.Collate(s.Resource, "C")).ThenBy(s => EF.Functions.Collate(s.Slug, "C"))
            : db.RetiredSlugs.AsNoTracking().OrderBy(s => s.Resource).ThenBy(s => s.Slug);
        await foreach (var slug in slugs.AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("slug", Columns(db, slug));
        }
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            await Write("audit", Columns(db, entry));
        }
        return count;
    }
}
