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
/// however large the site: keys (without their secrets), people (without their passwords), assets with their files, authors, tags, articles with their
/// bylines, tags and body images, live coverage (updates and stream events), collections with their arrangements, revisions, the trash, old slugs and the audit log. Each record holds its table's
/// columns as stored, but for what the database derives (an article's copies of its links, search, counts, the change
/// log), which the import's saves derive again. The order is the database's own, by key, and values are written one way
/// (ids lower case, times UTC to the microsecond), so exporting what an import wrote gives the same bytes on either
/// provider. An import adds what the database lacks and skips what it has, so running it twice changes nothing.
/// </summary>
public static partial class SiteTransfer
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
        [typeof(Person)] = [nameof(Person.PasswordHash), nameof(Person.SecurityStamp), nameof(Person.ConcurrencyStamp)],
        [typeof(Article)] = [nameof(Article.BylinesJson), nameof(Article.TagsJson), nameof(Article.FeatureImageAssetJson),
            nameof(Article.BodyAssetsJson)],
    };

    private sealed record Line(string Kind, JsonObject Data, int Number);

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
