using Cms.Data.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Data.Infrastructure;

/// <summary>
/// Stamps versions and timestamps in one place, so no handler can forget to, with the time of the write: also the
/// change log's rows and the webhook events the write causes (<see cref="Webhooks.WebhookOutbox"/>), which go in the
/// same batch as the change, and the revisions of the articles it writes (<see cref="Articles.ArticleRevisions"/>).
/// </summary>
public sealed class VersioningInterceptor(TimeProvider clock, Articles.RevisionRetention revisions) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var now = Now(clock);
            var imported = Imported(context);
            Stamp(context, now, imported);
            if (context is CmsDbContext cms)
            {
                await Articles.ArticleRevisions.AddAsync(cms, revisions, now, imported, cancellationToken);
                await Webhooks.WebhookOutbox.AddAsync(cms, now, cancellationToken);
            }
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            Stamp(context, Now(clock), Imported(context));
        }
        return base.SavingChanges(eventData, result);
    }

    /// <summary>The name sync uses for a resource: article, author, tag.</summary>
    public static string ResourceName(IVersioned entity) => ResourceName(entity.GetType());

    /// <inheritdoc cref="ResourceName(IVersioned)"/>
    public static string ResourceName(Type type) => type.Name.ToLowerInvariant();

    /// <summary>PostgreSQL keeps microseconds; truncating here keeps responses equal to later reads.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>
    /// The resources this save adds with their version already set: brought with their history by an import
    /// (<c>import</c> on the command line), they keep their version and times, and get no revision of this save (the
    /// change log still records them, for sync).
    /// Anything else that adds one leaves the version 0.
    /// </summary>
    public static HashSet<object> Imported(DbContext context) =>
        context.ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Added && e.Entity.Version > 0)
            .Select(e => (object)e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);

    private static void Stamp(DbContext context, DateTimeOffset now, HashSet<object> imported)
    {
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>().ToList())
        {
            if (entry.Entity is ISynced && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                context.Add(new Change { Resource = ResourceName(entry.Entity), ResourceId = entry.Entity.Id, At = now });
            }
            switch (entry.State)
            {
                case EntityState.Added when imported.Contains(entry.Entity):
                    break;
                case EntityState.Added:
                    entry.Entity.Version = 1;
                    entry.Entity.CreatedAt = now;
                    entry.Entity.UpdatedAt = now;
                    break;
                case EntityState.Modified:
                    entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
                    entry.Entity.UpdatedAt = now;
                    break;
            }
        }
        foreach (var change in context.ChangeTracker.Entries<Change>().Where(c => c.State == EntityState.Added))
        {
            change.Entity.At = now;
        }
        foreach (var retired in context.ChangeTracker.Entries<RetiredSlug>().Where(r => r.State == EntityState.Added && r.Entity.RetiredAt == default))
        {
            retired.Entity.RetiredAt = now;
        }
        // A month's list changed now, unless a scheduled story in it changes it later (CmsDbContext keeps that time).
        foreach (var month in context.ChangeTracker.Entries<Articles.ListingMonth>()
                     .Where(m => m.State is EntityState.Added or EntityState.Modified && m.Entity.ChangedAt < now))
        {
            month.Entity.ChangedAt = now;
        }
    }
}
