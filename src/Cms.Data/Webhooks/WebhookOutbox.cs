using System.Text.Json;
using Cms.Data.Articles;
using Cms.Data.Assets;
using Cms.Data.Authors;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Webhooks;

/// <summary>
/// The transactional outbox: <see cref="CmsDbContext"/> asks it, inside a write's transaction, for the events the
/// write causes and one delivery per enabled webhook that wants each. They commit with the change or not at all, and
/// the dispatcher sends only what has committed. A scheduled story's publication is an event due at its minute; a
/// later write to the story cancels it (and writes a new one if it is still scheduled).
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A resource this save writes, as it was before (<see cref="Before"/>), taken before the save.</summary>
    public sealed record Written(string Resource, Guid Id, EntityState State, WebhookEventData? Before, bool WasScheduled);

    /// <summary>What the save writes that events are about: articles, authors, tags and assets.</summary>
    public static List<Written> Changes(CmsDbContext db)
    {
        var written = new List<Written>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Article a:
                    var wasStatus = entry.State == EntityState.Added ? (ArticleStatus?)null : entry.Property(nameof(Article.Status)).OriginalValue as ArticleStatus?;
                    written.Add(new Written("article", a.Id, entry.State, entry.State == EntityState.Added ? null : new WebhookEventData(a.Id,
                        (string?)entry.Property(nameof(Article.Slug)).OriginalValue, null, Name(wasStatus),
                        (DateTimeOffset?)entry.Property(nameof(Article.PublishedAt)).OriginalValue,
                        (string?)entry.Property(nameof(Article.Language)).OriginalValue,
                        Slugs((string?)entry.Property(nameof(Article.TagsJson)).OriginalValue),
                        Slugs((string?)entry.Property(nameof(Article.BylinesJson)).OriginalValue)), wasStatus == ArticleStatus.Scheduled));
                    break;
                case Author or Tag or Asset:
                    var slug = entry.Metadata.FindProperty("Slug") is { } p ? (string?)entry.Property(p.Name).OriginalValue : null;
                    var id = (Guid)entry.Property("Id").CurrentValue!;
                    written.Add(new Written(entry.Metadata.ClrType.Name.ToLowerInvariant(), id, entry.State,
                        entry.State == EntityState.Added ? null : new WebhookEventData(id, slug, null, null, null, null, [], []), false));
                    break;
            }
        }
        return written;
    }

    /// <summary>
    /// After the save, inside its transaction: cancels the events still to come of the stories written, and returns the
    /// events this write causes with their deliveries, for the caller to save. None when no webhook is enabled.
    /// </summary>
    public static async Task<List<object>> EventsAsync(CmsDbContext db, List<Written> written, DateTimeOffset now, CancellationToken ct)
    {
        if (written.Count == 0)
        {
            return [];
        }
        var rescheduled = written.Where(w => w.WasScheduled).Select(w => w.Id).ToList();
        if (rescheduled.Count > 0)
        {
            await db.WebhookEvents.Where(e => rescheduled.Contains(e.ResourceId) && e.OccursAt > now).ExecuteDeleteAsync(ct);
        }
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.Enabled)
            .Select(w => new Subscriber(w.Id, w.EventsJson, w.TagsJson, w.Language)).ToListAsync(ct);
        if (hooks.Count == 0)
        {
            return [];
        }
        var events = new List<Happened>();
        var articleIds = written.Where(w => w.Resource == "article" && w.State != EntityState.Deleted).Select(w => w.Id).ToList();
        var articles = articleIds.Count == 0 ? [] : await db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Slug, a.Status, a.PublishedAt, a.Language, a.TagsJson, a.BylinesJson }).ToDictionaryAsync(a => a.Id, ct);
        var slugs = await CurrentSlugsAsync(db, written, ct);
        foreach (var w in written)
        {
            if (w.Resource != "article")
            {
                var type = w.State switch { EntityState.Added => "created", EntityState.Deleted => "deleted", _ => "updated" };
                var slug = w.State == EntityState.Deleted ? w.Before?.Slug : slugs.GetValueOrDefault(w.Id);
                var previous = w.Before?.Slug is { } was && was != slug ? was : null;
                events.Add(new($"{w.Resource}.{type}", w, new WebhookEventData(w.Id, slug, previous, null, null, null, [], []), now));
                continue;
            }
            if (w.State == EntityState.Deleted)
            {
                events.Add(new("article.deleted", w, w.Before! with { Status = "deleted" }, now));
                continue;
            }
            var a = articles[w.Id];
            var data = new WebhookEventData(a.Id, a.Slug, w.Before?.Slug is { } old && old != a.Slug ? old : null,
                Name(Shown(a.Status, a.PublishedAt, now)), a.PublishedAt, a.Language, Slugs(a.TagsJson), Slugs(a.BylinesJson));
            var wasVisible = w.Before is { } b && b.Status is "published" or "scheduled" && b.PublishedAt <= now;
            var isVisible = data.Status == "published";
            var change = (wasVisible, isVisible) switch
            {
                (false, true) => "article.published",
                _ when a.Status == ArticleStatus.Archived && w.Before?.Status != "archived" => "article.archived",
                (true, false) => "article.unpublished",
                // A new article's "updated" beside its "created" would say nothing more.
                _ => w.State == EntityState.Added ? null : "article.updated",
            };
            if (w.State == EntityState.Added)
            {
                events.Add(new("article.created", w, data, now));
            }
            if (change is not null)
            {
                events.Add(new(change, w, data, now));
            }
            if (a.Status == ArticleStatus.Scheduled && a.PublishedAt > now)
            {
                events.Add(new("article.published", w, data with { Status = "published" }, a.PublishedAt.Value));
            }
        }
        var rows = new List<object>();
        foreach (var happened in events)
        {
            var wanting = hooks.Where(h => h.Wants(happened.Type, happened.Written.Resource, happened.Data)).ToList();
            if (wanting.Count == 0)
            {
                continue;
            }
            var e = new WebhookEvent
            {
                Type = happened.Type, Resource = happened.Written.Resource, ResourceId = happened.Written.Id,
                DataJson = JsonSerializer.Serialize(happened.Data, Json), OccursAt = happened.At,
            };
            rows.Add(e);
            rows.AddRange(wanting.Select(h => new WebhookDelivery
            {
                WebhookId = h.Id, EventId = e.Id, State = DeliveryState.Pending, NextAttemptAt = e.OccursAt, CreatedAt = now,
            }));
        }
        return rows;
    }

    /// <summary>An event this write causes, before it is stored.</summary>
    private sealed record Happened(string Type, Written Written, WebhookEventData Data, DateTimeOffset At);

    /// <summary>Whether a webhook's event names (exact, <c>article.*</c> or <c>*</c>) take an event type.</summary>
    public static bool Matches(IEnumerable<string> patterns, string type) =>
        patterns.Any(p => p == "*" || p == type || (p.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(p[..^1], StringComparison.Ordinal)));

    private sealed record Subscriber(Guid Id, string EventsJson, string TagsJson, string? Language)
    {
        private readonly string[] _events = JsonSerializer.Deserialize<string[]>(EventsJson) ?? [];
        private readonly string[] _tags = JsonSerializer.Deserialize<string[]>(TagsJson) ?? [];

        // Tag and language filters are about stories; other resources' events pass them.
        public bool Wants(string type, string resource, WebhookEventData data) =>
            Matches(_events, type)
            && (resource != "article" || _tags.Length == 0 || data.Tags.Any(_tags.Contains))
            && (resource != "article" || Language is null || string.Equals(data.Language, Language, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<Dictionary<Guid, string?>> CurrentSlugsAsync(CmsDbContext db, List<Written> written, CancellationToken ct)
    {
        var authors = written.Where(w => w.Resource == "author").Select(w => w.Id).ToList();
        var tags = written.Where(w => w.Resource == "tag").Select(w => w.Id).ToList();
        var slugs = new Dictionary<Guid, string?>();
        if (authors.Count > 0)
        {
            foreach (var a in await db.Authors.AsNoTracking().Where(a => authors.Contains(a.Id)).Select(a => new { a.Id, a.Slug }).ToListAsync(ct))
            {
                slugs[a.Id] = a.Slug;
            }
        }
        if (tags.Count > 0)
        {
            foreach (var t in await db.Tags.AsNoTracking().Where(t => tags.Contains(t.Id)).Select(t => new { t.Id, t.Slug }).ToListAsync(ct))
            {
                slugs[t.Id] = t.Slug;
            }
        }
        return slugs;
    }

    private static ArticleStatus Shown(ArticleStatus status, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        status == ArticleStatus.Scheduled && publishedAt <= now ? ArticleStatus.Published : status;

    private static string? Name(ArticleStatus? status) => status?.ToString().ToLowerInvariant();

    private static IReadOnlyList<string> Slugs(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("slug").GetString()!).ToList();
    }
}
