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

/// <summary>
/// A whole site as NDJSON, one record per line (<c>{"kind":…,"data":…}</c>), streamed both ways so memory stays flat
/// however large the site: keys (without their secrets), assets with their files, authors, tags, articles with their
/// bylines, tags and body images, revisions, the trash, old slugs and the audit log. Each record holds its table's
/// columns as stored, but for what the database derives (an article's copies of its links, search, counts, the change
/// log), which the import's saves derive again. The order is the database's own, by key, and values are written one way
/// (ids lower case, times UTC to the microsecond), so exporting what an import wrote gives the same bytes on either
/// provider. An import adds what the database lacks and skips what it has, so running it twice changes nothing.
/// </summary>
public static class SiteTransfer
{
    public const int FormatVersion = 1;
    private const int Batch = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new UtcMicroseconds() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Columns a record leaves out: secrets, and what the database derives again on import.</summary>
    private static readonly Dictionary<Type, string[]> Left = new()
    {
        [typeof(ApiKey)] = [nameof(ApiKey.SecretHash), nameof(ApiKey.PreviousSecretHash), nameof(ApiKey.PreviousValidUntil)],
        [typeof(Article)] = [nameof(Article.BylinesJson), nameof(Article.TagsJson), nameof(Article.FeatureImageAssetJson),
            nameof(Article.BodyAssetsJson)],
    };

    private sealed record Line(string Kind, JsonObject Data, int Number);

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
            "tag" => await NewAsync<Tag>(db, batch, ct),
            "article" => await NewAsync<Article>(db, batch, ct),
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

    private static async Task<List<(object, JsonObject)>> NewSlugsAsync(CmsDbContext db, List<Line> batch, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(RetiredSlug))!;
        var slugs = batch.Select(l => ((RetiredSlug)Entity(type, l.Data), l.Data)).ToList();
        var named = slugs.Select(s => s.Item1.Slug).ToList();
        var existing = (await db.RetiredSlugs.Where(s => named.Contains(s.Slug)).Select(s => new { s.Resource, s.Slug }).ToListAsync(ct))
            .Select(s => (s.Resource, s.Slug)).ToHashSet();
        return slugs.Where(s => !existing.Contains((s.Item1.Resource, s.Item1.Slug))).Select(s => ((object)s.Item1, s.Data)).ToList();
    }

    private static async Task<List<(object, JsonObject)>> NewAuditAsync(CmsDbContext db, List<Line> batch, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(AuditEntry))!;
        var entries = batch.Select(l => ((AuditEntry)Entity(type, l.Data), l.Data)).ToList();
        var seqs = entries.Select(e => e.Item1.Seq).ToList();
        var existing = (await db.AuditEntries.Where(e => seqs.Contains(e.Seq)).Select(e => e.Seq).ToListAsync(ct)).ToHashSet();
        return entries.Where(e => !existing.Contains(e.Item1.Seq)).Select(e => ((object)e.Item1, e.Data)).ToList();
    }

    /// <summary>The entity's mapped columns (but those <see cref="Left"/> out), in the model's order, as JSON.</summary>
    private static JsonObject Columns(CmsDbContext db, object entity)
    {
        var type = db.Model.FindEntityType(entity.GetType())!;
        var left = Left.GetValueOrDefault(entity.GetType(), []);
        var data = new JsonObject();
        foreach (var property in Mapped(type).Where(p => !left.Contains(p.Name)))
        {
            data[Name(property)] = JsonSerializer.SerializeToNode(property.PropertyInfo!.GetValue(entity), property.ClrType, Json);
        }
        return data;
    }

    private static object Entity(IEntityType type, JsonObject data)
    {
        var entity = Activator.CreateInstance(type.ClrType)!;
        foreach (var property in Mapped(type))
        {
            if (data.TryGetPropertyValue(Name(property), out var value))
            {
                property.PropertyInfo!.SetValue(entity, value?.Deserialize(property.ClrType, Json));
            }
        }
        return entity;
    }

    private static IEnumerable<IProperty> Mapped(IEntityType type) =>
        type.GetProperties().Where(p => p.PropertyInfo is not null).OrderBy(p => p.Name, StringComparer.Ordinal);

    private static string Name(IProperty property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);


    /// <summary>Times in UTC to the microsecond, which both providers keep: the same instant is always the same text.</summary>
    private sealed class UtcMicroseconds : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            var utc = value.ToUniversalTime();
            writer.WriteStringValue(utc.AddTicks(-(utc.Ticks % 10)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A line of an export that cannot be read; the import stops there, what it saved before stays.</summary>
public sealed class ImportException(int line, string message) : Exception(line > 0 ? $"line {line}: {message}" : message);
