using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cms.Data.Saving;

/// <summary>
/// The names of what readers see, as the cache keeps it (docs/caching.md): a save makes some of them stale, and the
/// cached responses of a stale scope are not served again.
/// </summary>
public static class ReaderScopes
{
    /// <summary>Everything readers see: an author's new name shows in every story that credits the author.</summary>
    public const string Everything = "*";

    /// <summary>Every response that shows many resources: lists, search, related stories, feeds, sitemaps, profiles, sync.</summary>
    public const string Lists = "lists";

    /// <summary>
    /// What the desk sees besides readers (drafts, stories still to come): no cached response shows it, but the counts
    /// of lists that keyed callers read do (<c>TotalCounts</c>).
    /// </summary>
    public const string Desk = "desk";

    /// <summary>One resource's own responses, e.g. <c>article:{id}</c>, <c>article-slug:{slug}</c>.</summary>
    public static string Of(string kind, string key) => $"{kind}:{key}";
}

/// <summary>
/// A feature's word on what readers can see change when one of its entities is written. The rules are registered
/// beside the save steps (<see cref="SaveSteps"/>); an entity no rule speaks for makes everything stale, so a new entity
/// costs cache until its feature says better (<c>ReaderChangeRuleTests</c> lists every entity's rule).
/// </summary>
public interface IReaderChangeRule
{
    IReadOnlyCollection<Type> Entities { get; }

    /// <summary>The scopes this written entry makes stale at <paramref name="now"/>; none when no reader can see the change.</summary>
    IEnumerable<string> Scopes(EntityEntry entry, DateTimeOffset now);
}

/// <summary>
/// A change readers will see at a time no write announces (a scheduled story's minute, a scheduled arrangement's): the
/// cache asks every such source for the next one, and makes everything stale when it comes (<c>ContentVersion</c>). A
/// write that changes when one comes must make everything stale, so that every replica asks again.
/// </summary>
public interface IUpcomingReaderChange
{
    /// <summary>The first such change after <paramref name="now"/>; null when none is to come.</summary>
    Task<DateTimeOffset?> NextAsync(CmsDbContext db, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Entities no reader ever sees (keys, webhooks, the audit log, the change log): writing them makes nothing stale.</summary>
public sealed class Unseen(params Type[] entities) : IReaderChangeRule
{
    public IReadOnlyCollection<Type> Entities => entities;

    public IEnumerable<string> Scopes(EntityEntry entry, DateTimeOffset now) => [];
}

/// <summary>
/// Entities shown in lists and copied into the stories that show them (authors, tags, assets): a new one makes the lists
/// stale; a change or a deletion, everything (the stories' copies change with it).
/// </summary>
public sealed class ShownEverywhere(params Type[] entities) : IReaderChangeRule
{
    public IReadOnlyCollection<Type> Entities => entities;

    public IEnumerable<string> Scopes(EntityEntry entry, DateTimeOffset now) =>
        [entry.State == EntityState.Added ? ReaderScopes.Lists : ReaderScopes.Everything];
}

/// <summary>
/// Save step: what the save makes stale for readers, by the rules, recorded on the context
/// (<see cref="CmsDbContext.ReaderChanges"/>) once the changes are written; the web layer moves those scopes when the
/// request ends, before its response goes out. A save that fails after recording only makes the cache colder.
/// </summary>
public sealed class ReaderChangesStep(IEnumerable<IReaderChangeRule> rules, TimeProvider clock) : ISaveStep
{
    private readonly Dictionary<Type, IReaderChangeRule> _rules =
        rules.SelectMany(r => r.Entities.Select(type => KeyValuePair.Create(type, r))).ToDictionary();

    /// <summary>The rule for an entity type; null when none speaks for it (then everything is stale).</summary>
    public IReaderChangeRule? RuleFor(Type entity) => _rules.GetValueOrDefault(entity);

    public SaveStepRun? Plan(CmsDbContext db)
    {
        var now = clock.GetUtcNow();
        var scopes = new HashSet<string>();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            scopes.UnionWith(RuleFor(entry.Metadata.ClrType)?.Scopes(entry, now) ?? [ReaderScopes.Everything]);
        }
        return scopes.Count == 0 ? null : new SaveStepRun(After: (save, _) =>
        {
            save.Db.ReaderChanges.UnionWith(scopes);
            return Task.CompletedTask;
        });
    }
}
