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
    /// <summary>
    /// Reads an export into this database, in batches of <see cref="Batch"/> records, each saved the way the API saves
    /// (so copies, search, counts and the change log follow) and then forgotten. Answers how many records were added.
    /// </summary>
    public static async Task<int> ImportAsync(IServiceProvider services, Stream input, CancellationToken ct)
    {
        using var reader = new StreamReader(input, Encoding.UTF8);
        var added = 0;
        var batch = new List<Line>();
        var number = 0;
        var header = false;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }
            if (!header && !text.StartsWith('{'))
            {
                // dotnet run writes "Using launch settings from …" to standard output ahead of the program's own output,
                // so `dotnet run -- export > site.ndjson` starts with it. Nothing else comes before the header.
                continue;
            }
            var line = Parse(text, number);
            if (!header)
            {
                if (line.Kind != "cms")
                {
                    throw new ImportException(number, "not a Cms export: it starts with {\"kind\":\"cms\", …}");
                }
                if ((int?)line.Data["format"] != FormatVersion)
                {
                    throw new ImportException(number, $"this build reads format {FormatVersion}, the file is format {line.Data["format"]}");
                }
                header = true;
                continue;
            }
            if (batch.Count > 0 && (batch[0].Kind != line.Kind || batch.Count == Batch))
            {
                added += await SaveAsync(services, batch, ct);
                batch.Clear();
            }
            batch.Add(line);
        }
        if (batch.Count > 0)
        {
            added += await SaveAsync(services, batch, ct);
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (db.Database.IsNpgsql())
        {
            // Audit entries came with their numbers: the next one written follows them.
            await db.Database.ExecuteSqlRawAsync("""
                SELECT setval(pg_get_serial_sequence('"AuditEntries"', 'Seq'), GREATEST((SELECT max("Seq") FROM "AuditEntries"), 1))
                """, ct);
        }
        return added;
    }

    private static Line Parse(string text, int number)
    {
        try
        {
            var node = JsonNode.Parse(text)?.AsObject();
            return node?["kind"]?.GetValue<string>() is { } kind && node["data"] is JsonObject data
                ? new Line(kind, data, number)
                : throw new ImportException(number, "a record is {\"kind\": …, \"data\": {…}}");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ImportException(number, "not JSON: " + e.Message);
        }
    }

    /// <summary>Adds the records of one kind the database lacks, in one save of a fresh context.</summary>
    private static async Task<int> SaveAsync(IServiceProvider services, List<Line> batch, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var kind = batch[0].Kind;
        var fresh = kind switch
        {
            "key" => await NewAsync<ApiKey>(db, batch, ct),
            "asset" => await NewAsync<Asset>(db, batch, ct),
            "author" => await NewAsync<Author>(db, batch, ct),
            "person" => await NewPeopleAsync(db, batch, ct),
            "tag" => await NewAsync<Tag>(db, batch, ct),
            "article" => await NewAsync<Article>(db, batch, ct),
            "livecoverage" => await NewAsync<Cms.Data.Live.LiveCoverage>(db, batch, ct),
            "liveupdate" => await NewAsync<Cms.Data.Live.LiveUpdate>(db, batch, ct),
            "liveevent" => await NewLiveEventsAsync(db, batch, ct),
            "collection" => await NewAsync<Cms.Data.Collections.Collection>(db, batch, ct),
            "arrangement" => await NewAsync<Cms.Data.Collections.CollectionArrangement>(db, batch, ct),
            "revision" => await NewAsync<ArticleRevision>(db, batch, ct),
            "trashed" => await NewAsync<TrashedArticle>(db, batch, ct),
            "slug" => await NewSlugsAsync(db, batch, ct),
            "audit" => await NewAuditAsync(db, batch, ct),
            _ => throw new ImportException(batch[0].Number, $"unknown kind of record '{kind}'"),
        };
        foreach (var (entity, data) in fresh)
        {
            switch (entity)
            {
                case ApiKey key:
                    // Its secret is not exported: the key is kept for the names in the history, and no one can use it.
                    key.SecretHash = RandomNumberGenerator.GetBytes(32);
                    break;
                case Person person:
                    // No password moves: an admin sends a link (POST /people/{id}/password-link) before they sign in here.
                    (person.SecurityStamp, person.ConcurrencyStamp) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString());
                    break;
                case Asset asset when data["file"]?.GetValue<string>() is { } file:
                    await scope.ServiceProvider.GetRequiredService<IMediaStore>()
                        .PutAsync(asset.OriginalKey, Convert.FromBase64String(file), asset.ContentType, ct);
                    break;
                case Article article:
                    var authors = data["authors"]?.AsArray() ?? [];
                    article.Authors = authors.Select((b, i) => new ArticleAuthor
                    {
                        AuthorId = Guid.Parse((string)b!["authorId"]!), Role = Enum.Parse<BylineRole>((string)b["role"]!), Position = i,
                    }).ToList();
                    article.Tags = (data["tags"]?.AsArray() ?? []).Select((t, i) => new ArticleTag { TagId = Guid.Parse((string)t!), Position = i }).ToList();
                    article.BodyAssets = (data["bodyAssets"]?.AsArray() ?? []).Select(m => new ArticleBodyAsset { AssetId = Guid.Parse((string)m!) }).ToList();
                    break;
            }
            db.Add(entity);
        }
        await db.SaveChangesAsync(ct);
        return fresh.Count;
    }

    /// <summary>The records of a kind keyed by its Id that the database does not have yet.</summary>
    private static async Task<List<(object, JsonObject)>> NewAsync<T>(CmsDbContext db, List<Line> batch, CancellationToken ct)
        where T : class
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var entities = batch.Select(l => (Entity: Entity(type, l.Data), l.Data)).ToList();
        var ids = entities.Select(e => (Guid)type.FindProperty("Id")!.PropertyInfo!.GetValue(e.Entity)!).ToList();
        var existing = (await db.Set<T>().Where(e => ids.Contains(EF.Property<Guid>(e, "Id"))).Select(e => EF.Property<Guid>(e, "Id"))
            .ToListAsync(ct)).ToHashSet();
        return entities.Where((_, i) => !existing.Contains(ids[i])).ToList();
    }

    /// <summary>People the database lacks, by id and by address: an address already here is that person's, not a second one.</summary>
    private static async Task<List<(object, JsonObject)>> NewPeopleAsync(CmsDbContext db, List<Line> batch, CancellationToken ct)
    {
        var fresh = await NewAsync<Person>(db, batch, ct);
        var emails = fresh.Select(p => ((Person)p.Item1).NormalizedEmail).ToList();
        var taken = (await db.People.Where(p => emails.Contains(p.NormalizedEmail)).Select(p => p.NormalizedEmail).ToListAsync(ct)).ToHashSet();
        return fresh.Where(p => !taken.Contains(((Person)p.Item1).NormalizedEmail)).ToList();
    }

    private static async Task<List<(object, JsonObject)>> NewSlugsAsync(CmsDbContext db, List<Line> batch, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(RetiredSlug))!;
        var slugs = batch.Select(l => ((RetiredSlug)Entity(type, l.Data), l.Data)).ToList();
        var named = slugs.Select(s => s.Item1.Slug).ToList();
        var existing = (await db.RetiredSlugs.Where(s => named.Contains(s.Slug)).Select(s => new { s.Resource, s.Slug }).ToListAsync(ct))
            .Select(s => (s.Resource, s.Slug)).ToHashSet();
        return slugs.Where(s => !existing.Contains((s.Item1.Resource, s.Item1.Slug))).Select(s => ((object)s.Item1, s.Data)).ToList();
    }

    private static async Task<List<(object, JsonObject)>> NewLiveEventsAsync(CmsDbContext db, List<Line> batch, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(Cms.Data.Live.LiveEvent))!;
        var events = batch.Select(l => ((Cms.Data.Live.LiveEvent)Entity(type, l.Data), l.Data)).ToList();
        var stories = events.Select(e => e.Item1.ArticleId).Distinct().ToList();
        var existing = (await db.LiveEvents.Where(e => stories.Contains(e.ArticleId)).Select(e => new { e.ArticleId, e.Sequence }).ToListAsync(ct))
            .Select(e => (e.ArticleId, e.Sequence)).ToHashSet();
        return events.Where(e => !existing.Contains((e.Item1.ArticleId, e.Item1.Sequence))).Select(e => ((object)e.Item1, e.Data)).ToList();
    }

    private static async Task<List<(object, JsonObject)>> NewAuditAsync(CmsDbContext db, List<Line> batch, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(AuditEntry))!;
        var entries = batch.Select(l => ((AuditEntry)Entity(type, l.Data), l.Data)).ToList();
        var seqs = entries.Select(e => e.Item1.Seq).ToList();
        var existing = (await db.AuditEntries.Where(e => seqs.Contains(e.Seq)).Select(e => e.Seq).ToListAsync(ct)).ToHashSet();
        return entries.Where(e => !existing.Contains(e.Item1.Seq)).Select(e => ((object)e.Item1, e.Data)).ToList();
    }
}
