using System.Text.Json;
using Cms.Data.Articles;
using Cms.Data.Assets;
using Cms.Data.Authors;
using Cms.Data.Collections;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Webhooks;

/// <summary>
/// The transactional outbox: every save that writes an article, author, tag or asset adds, before it is sent to the
/// database (<see cref="WebhookOutboxStep"/> calls <see cref="AddAsync"/>), the events the write
/// causes and one delivery per enabled webhook that wants each. They go in the same batch and transaction as the
/// change, so they commit with it or not at all, and the dispatcher sends only what has committed. A scheduled story's
/// publication is an event due at its minute; a later write to the story cancels it (and writes a new one if it is
/// still scheduled).
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A resource this save writes: as it was (<see cref="Before"/>, null when new) and as it will be
    /// (<see cref="After"/>, null when deleted; an article's tags and bylines are filled in by <see cref="AddAsync"/>).
    /// </summary>
    private sealed record Written(string Resource, Guid Id, EntityState State, WebhookEventData? Before, WebhookEventData? After);

    /// <summary>Whether this save writes anything events are about (then it needs its transaction before it saves).</summary>
    public static bool Any(CmsDbContext db) =>
        db.ChangeTracker.Entries().Any(e => e.Entity is Article or Author or Tag or Asset or Collection or CollectionArrangement or Live.LiveUpdate
            && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    /// <summary>
    /// Inside the save's transaction, before its changes go to the database: cancels the events still to come of the
    /// stories written, and adds to the save the events this write causes with their deliveries. None when no webhook
    /// is enabled.
    /// </summary>
    public static async Task AddAsync(CmsDbContext db, DateTimeOffset now, WebhookActor? actor, CancellationToken ct)
    {
        var written = Changes(db);
        var arranged = db.ChangeTracker.Entries<CollectionArrangement>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (written.Count == 0 && arranged.Count == 0)
        {
            return;
        }
        var rescheduled = written.Where(w => w.Before?.Status == "scheduled").Select(w => w.Id).ToList();
        if (rescheduled.Count > 0)
        {
            await db.WebhookEvents.Where(e => rescheduled.Contains(e.ResourceId) && e.OccursAt > now).ExecuteDeleteAsync(ct);
        }
        // A collection's arrangements written, or the collection deleted: its updates still to come are written again below.
        var rearranged = arranged.Select(e => e.Entity.CollectionId)
            .Concat(db.ChangeTracker.Entries<Collection>().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Id)).Distinct().ToList();
        if (rearranged.Count > 0)
        {
            await db.WebhookEvents.Where(e => rearranged.Contains(e.ResourceId) && e.Type == "collection.updated" && e.OccursAt > now)
                .ExecuteDeleteAsync(ct);
        }
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.Enabled)
            .Select(w => new Subscriber(w.Id, w.EventsJson, w.TagsJson, w.Language)).ToListAsync(ct);
        if (hooks.Count == 0)
        {
            return;
        }
        written = await WithLinksAsync(db, written, ct);
        var events = new List<Happened>();
        events.AddRange(await ArrangementsDueAsync(db, arranged, now, ct));
        foreach (var w in written)
        {
            if (w.Resource != "article")
            {
                var type = w.State switch { EntityState.Added => "created", EntityState.Deleted => "deleted", _ => "updated" };
                var slug = (w.After ?? w.Before)!.Slug;
                var previous = w.Before?.Slug is { } was && was != slug ? was : null;
                events.Add(new($"{w.Resource}.{type}", w, w.Resource == "liveupdate" ? (w.After ?? w.Before)!
                    : new WebhookEventData(w.Id, slug, previous, null, null, null, [], []), now));
                continue;
            }
            if (w.After is not { } after)
            {
                events.Add(new("article.deleted", w, w.Before! with { Status = "deleted" }, now));
                continue;
            }
            var data = after with
            {
                PreviousSlug = w.Before?.Slug is { } old && old != after.Slug ? old : null,
                Status = after.Status == "scheduled" && after.PublishedAt <= now ? "published" : after.Status,
            };
            var wasVisible = w.Before is { } b && b.Status is "published" or "scheduled" && b.PublishedAt <= now;
            var isVisible = data.Status == "published";
            var change = (wasVisible, isVisible) switch
            {
                (false, true) => "article.published",
                _ when after.Status == "archived" && w.Before?.Status != "archived" => "article.archived",
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
            if (data.Status == "scheduled" && after.PublishedAt > now)
            {
                events.Add(new("article.published", w, data with { Status = "published" }, after.PublishedAt.Value));
            }
        }
        events.AddRange(await CollectionsShowingAsync(db, events, now, ct));
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
                DataJson = JsonSerializer.Serialize(happened.Data with { Actor = actor }, Json), OccursAt = happened.At,
            };
            db.Add(e);
            db.AddRange(wanting.Select(h => new WebhookDelivery
            {
                WebhookId = h.Id, EventId = e.Id, State = DeliveryState.Pending, NextAttemptAt = e.OccursAt, CreatedAt = now,
            }));
        }
    }

    /// <summary>What the save writes that events are about, before and after, from the change tracker.</summary>
    private static List<Written> Changes(CmsDbContext db)
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
                    var before = entry.State == EntityState.Added ? null : new WebhookEventData(a.Id,
                        (string?)entry.Property(nameof(Article.Slug)).OriginalValue, null,
                        Name((ArticleStatus)entry.Property(nameof(Article.Status)).OriginalValue!),
                        (DateTimeOffset?)entry.Property(nameof(Article.PublishedAt)).OriginalValue,
                        (string?)entry.Property(nameof(Article.Language)).OriginalValue,
                        Slugs((string?)entry.Property(nameof(Article.TagsJson)).OriginalValue),
                        Slugs((string?)entry.Property(nameof(Article.BylinesJson)).OriginalValue));
                    // Tags and bylines as the copies hold them; WithLinksAsync replaces those whose links this save changes.
                    var after = entry.State == EntityState.Deleted ? null : new WebhookEventData(a.Id, a.Slug, null, Name(a.Status),
                        a.PublishedAt, a.Language, Slugs(a.TagsJson), Slugs(a.BylinesJson));
                    written.Add(new Written("article", a.Id, entry.State, before, after));
                    break;
                case Live.LiveUpdate u:
                    // Named by its story, whose entry the API always brings to such a save (LiveReaderChanges).
                    var story = db.ChangeTracker.Entries<Article>().Select(e => e.Entity).FirstOrDefault(x => x.Id == u.ArticleId);
                    var facts = new WebhookEventData(u.Id, story?.Slug, null, Name(story?.Status), story?.PublishedAt, story?.Language, [], [],
                        u.ArticleId);
                    written.Add(new Written("liveupdate", u.Id, entry.State, entry.State == EntityState.Added ? null : facts,
                        entry.State == EntityState.Deleted ? null : facts));
                    break;
                case Author or Tag or Asset or Collection:
                    var slug = entry.Metadata.FindProperty("Slug") is { } p ? entry.Property(p.Name) : null;
                    var id = (Guid)entry.Property("Id").CurrentValue!;
                    written.Add(new Written(entry.Metadata.ClrType.Name.ToLowerInvariant(), id, entry.State,
                        entry.State == EntityState.Added ? null : new WebhookEventData(id, (string?)slug?.OriginalValue, null, null, null, null, [], []),
                        entry.State == EntityState.Deleted ? null : new WebhookEventData(id, (string?)slug?.CurrentValue, null, null, null, null, [], [])));
                    break;
            }
        }
        return written;
    }

    /// <summary>
    /// A collection's arrangement still to come changes what readers see at its minute: an update due then. A write of a
    /// collection's arrangements has cancelled the updates still to come of that collection (<see cref="AddAsync"/>); this
    /// adds one per arrangement to come.
    /// </summary>
    private static async Task<List<Happened>> ArrangementsDueAsync(CmsDbContext db, List<EntityEntry<CollectionArrangement>> arranged,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = arranged.Select(e => e.Entity.CollectionId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var gone = arranged.Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Id).ToList();
        var stored = await db.CollectionArrangements.AsNoTracking()
            .Where(a => ids.Contains(a.CollectionId) && a.EffectiveAt > now && !gone.Contains(a.Id))
            .Select(a => new { a.Id, a.CollectionId, a.EffectiveAt }).ToListAsync(ct);
        var due = stored.Where(a => !arranged.Any(e => e.Entity.Id == a.Id))
            .Concat(arranged.Where(e => e.State != EntityState.Deleted && e.Entity.EffectiveAt > now)
                .Select(e => new { e.Entity.Id, e.Entity.CollectionId, e.Entity.EffectiveAt }))
            .ToList();
        var slugs = await db.Collections.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Slug, ct);
        return due.Where(a => slugs.ContainsKey(a.CollectionId)).Select(a =>
        {
            var data = new WebhookEventData(a.CollectionId, slugs[a.CollectionId], null, null, null, null, [], []);
            return new Happened("collection.updated", new Written("collection", a.CollectionId, EntityState.Modified, data, data), data,
                a.EffectiveAt);
        }).ToList();
    }

    /// <summary>
    /// A story readers saw or see now, changed: every collection that shows it, or could (its filler takes the story,
    /// before or after), shows something else now. One update per collection, unless the save updates it anyway.
    /// </summary>
    private static async Task<List<Happened>> CollectionsShowingAsync(CmsDbContext db, List<Happened> events, DateTimeOffset now,
        CancellationToken ct)
    {
        var stories = events.Where(e => e.Written.Resource == "article" && e.At <= now
            && e.Type is "article.published" or "article.unpublished" or "article.archived" or "article.deleted"
                or "article.updated" && (e.Type != "article.updated" || e.Data.Status == "published")
            && (e.Type != "article.deleted" || e.Written.Before?.Status is "published" or "scheduled" && e.Written.Before.PublishedAt <= now))
            .ToList();
        if (stories.Count == 0)
        {
            return [];
        }
        var collections = await db.Collections.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.Slug, c.Kind, c.FillerJson,
                Items = c.Arrangements.Where(a => a.EffectiveAt <= now).OrderByDescending(a => a.EffectiveAt).Select(a => a.ItemsJson).FirstOrDefault(),
            }).ToListAsync(ct);
        var updated = events.Where(e => e.Type == "collection.updated").Select(e => e.Written.Id).ToHashSet();
        var found = new List<Happened>();
        foreach (var c in collections.Where(c => !updated.Contains(c.Id)))
        {
            var chosen = c.Items is null ? [] : CollectionItem.Read(c.Items).Select(i => i.ArticleId).ToHashSet();
            var filler = CollectionFiller.Read(c.FillerJson) ?? (c.Kind == CollectionKind.Manual ? null : new CollectionFiller());
            if (stories.Any(s => chosen.Contains(s.Written.Id)
                || (filler is not null && new[] { s.Written.Before, s.Written.After }.OfType<WebhookEventData>()
                    .Any(d => filler.Matches(d.Tags.ToList(), d.Authors.ToList(), d.Language)))))
            {
                var data = new WebhookEventData(c.Id, c.Slug, null, null, null, null, [], []);
                found.Add(new("collection.updated", new Written("collection", c.Id, EntityState.Modified, data, data), data, now));
            }
        }
        return found;
    }

    /// <summary>
    /// The tags and bylines of the articles whose links this save changes, as they will be: their copies on the
    /// article are rebuilt only after the save. Such a save holds all of the article's links (the API loads them with
    /// the article); the slugs they point to are read in one query.
    /// </summary>
    private static async Task<List<Written>> WithLinksAsync(CmsDbContext db, List<Written> written, CancellationToken ct)
    {
        var tags = db.ChangeTracker.Entries<ArticleTag>().ToList();
        var bylines = db.ChangeTracker.Entries<ArticleAuthor>().ToList();
        var relinked = tags.Where(e => e.State != EntityState.Unchanged).Select(e => e.Entity.ArticleId)
            .Concat(bylines.Where(e => e.State != EntityState.Unchanged).Select(e => e.Entity.ArticleId))
            .Intersect(written.Where(w => w.After is not null && w.Resource == "article").Select(w => w.Id)).ToHashSet();
        if (relinked.Count == 0)
        {
            return written;
        }
        foreach (var article in db.ChangeTracker.Entries<Article>().Where(e => relinked.Contains(e.Entity.Id) && e.State == EntityState.Modified))
        {
            if (!article.Collection(a => a.Tags).IsLoaded || !article.Collection(a => a.Authors).IsLoaded)
            {
                throw new InvalidOperationException(
                    $"Article {article.Entity.Id}'s links change in a save without all of them loaded; its webhook events name them.");
            }
        }
        var tagIds = tags.Where(e => e.State != EntityState.Deleted && relinked.Contains(e.Entity.ArticleId))
            .OrderBy(e => e.Entity.Position).Select(e => (e.Entity.ArticleId, e.Entity.TagId)).ToList();
        var authorIds = bylines.Where(e => e.State != EntityState.Deleted && relinked.Contains(e.Entity.ArticleId))
            .OrderBy(e => e.Entity.Position).Select(e => (e.Entity.ArticleId, e.Entity.AuthorId)).ToList();
        var wanted = tagIds.Select(t => t.TagId).Concat(authorIds.Select(a => a.AuthorId)).Distinct().ToList();
        var slugs = await db.Tags.Where(t => wanted.Contains(t.Id)).Select(t => new { t.Id, t.Slug })
            .Concat(db.Authors.Where(a => wanted.Contains(a.Id)).Select(a => new { a.Id, a.Slug }))
            .ToDictionaryAsync(x => x.Id, x => x.Slug, ct);
        return written.Select(w => relinked.Contains(w.Id) ? w with
        {
            After = w.After! with
            {
                Tags = tagIds.Where(t => t.ArticleId == w.Id).Select(t => slugs[t.TagId]).ToList(),
                Authors = authorIds.Where(a => a.ArticleId == w.Id).Select(a => slugs[a.AuthorId]).ToList(),
            },
        } : w).ToList();
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

/// <summary>Save step: the events the write causes, with their deliveries, in the same batch (after versions are stamped).</summary>
public sealed class WebhookOutboxStep(ISaveActor actor) : Saving.ISaveStep
{
    public Saving.SaveStepRun? Plan(CmsDbContext db) =>
        WebhookOutbox.Any(db) ? new Saving.SaveStepRun(Before: (save, ct) => WebhookOutbox.AddAsync(save.Db, save.Now, actor.Current, ct)) : null;
}

/// <summary>Who a save is made for, as webhook payloads name them: the request's key or person; none outside a request.</summary>
public interface ISaveActor
{
    WebhookActor? Current { get; }
}

/// <summary>Commands and background work: nobody in particular.</summary>
public sealed class NoSaveActor : ISaveActor
{
    public WebhookActor? Current => null;
}

/// <summary>A key or a person (<see cref="Kind"/>: key or person) by id, and their name at the time.</summary>
public sealed record WebhookActor(Guid Id, string Name, string Kind);
