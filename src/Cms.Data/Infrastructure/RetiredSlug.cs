using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Infrastructure;

/// <summary>
/// A slug an article, author or tag had before: a read by it is sent on to the resource (301), and no other resource
/// of the kind may take it. Kept by <see cref="SlugHistory.KeepAsync"/> in every write's transaction, never by hand;
/// released when its resource is deleted or takes the slug back.
/// </summary>
public sealed class RetiredSlug
{
    /// <summary>article, author or tag (<see cref="Versions.ResourceName(Type)"/>).</summary>
    public required string Resource { get; set; }

    public required string Slug { get; set; }

    public Guid ResourceId { get; set; }

    /// <summary>Stamped by <see cref="VersionStamp"/>.</summary>
    public DateTimeOffset RetiredAt { get; set; }
}

public sealed class RetiredSlugConfiguration : IEntityTypeConfiguration<RetiredSlug>
{
    public void Configure(EntityTypeBuilder<RetiredSlug> builder)
    {
        builder.ToTable("RetiredSlugs");
        builder.HasKey(s => new { s.Resource, s.Slug });
        builder.Property(s => s.Resource).HasMaxLength(20);
        builder.Property(s => s.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(s => s.ResourceId);
    }
}

/// <summary>A write gave a resource a slug that another resource of its kind had before.</summary>
public sealed class SlugReservedException(string resource, string slug)
    : Exception($"The slug '{slug}' belonged to another {resource} and still leads to it.")
{
    public string Resource { get; } = resource;

    public string Slug { get; } = slug;
}

/// <summary>The history of slugs: what a save of slugged resources (articles, authors, tags) changes in it.</summary>
public static class SlugHistory
{
    private sealed record Move(string Resource, Guid Id, string? Old, string? New);

    /// <summary>
    /// Inside the save's transaction, before its statements: refuses a new slug that another resource of the kind had
    /// (<see cref="SlugReservedException"/>), keeps each replaced slug, releases a slug its resource takes back, and
    /// a deleted resource's old slugs.
    /// </summary>
    public static async Task KeepAsync(CmsDbContext db, CancellationToken ct)
    {
        var moves = Moves(db);
        foreach (var group in moves.GroupBy(m => m.Resource))
        {
            var resource = group.Key;
            var taking = group.Where(m => m.New is not null && m.New != m.Old).ToList();
            var named = taking.Select(m => m.New!).ToList();
            var held = named.Count == 0 ? [] : await db.RetiredSlugs.Where(s => s.Resource == resource && named.Contains(s.Slug)).ToListAsync(ct);
            foreach (var move in taking)
            {
                var old = held.FirstOrDefault(s => s.Slug == move.New);
                if (old is null)
                {
                    continue;
                }
                if (old.ResourceId != move.Id)
                {
                    throw new SlugReservedException(resource, move.New!);
                }
                db.RetiredSlugs.Remove(old); // its own again
            }
            foreach (var move in group.Where(m => m.Old is not null && m.New is not null && m.New != m.Old))
            {
                db.RetiredSlugs.Add(new RetiredSlug { Resource = resource, Slug = move.Old!, ResourceId = move.Id });
            }
            var deleted = group.Where(m => m.New is null).Select(m => m.Id).ToList();
            if (deleted.Count > 0)
            {
                db.RetiredSlugs.RemoveRange(await db.RetiredSlugs.Where(s => s.Resource == resource && deleted.Contains(s.ResourceId)).ToListAsync(ct));
            }
        }
    }

    /// <summary>Whether this save gives, changes or frees a slug.</summary>
    public static bool Any(CmsDbContext db) => Moves(db).Count > 0;

    private static List<Move> Moves(CmsDbContext db)
    {
        var moves = new List<Move>();
        foreach (var entry in db.ChangeTracker.Entries<IVersioned>())
        {
            if (entry.Metadata.FindProperty("Slug") is null)
            {
                continue;
            }
            var slug = entry.Property<string>("Slug");
            var resource = Versions.ResourceName(entry.Entity);
            switch (entry.State)
            {
                case EntityState.Added:
                    moves.Add(new Move(resource, entry.Entity.Id, null, slug.CurrentValue));
                    break;
                case EntityState.Modified when slug.IsModified && slug.OriginalValue != slug.CurrentValue:
                    moves.Add(new Move(resource, entry.Entity.Id, slug.OriginalValue, slug.CurrentValue));
                    break;
                case EntityState.Deleted:
                    moves.Add(new Move(resource, entry.Entity.Id, slug.OriginalValue, null));
                    break;
            }
        }
        return moves;
    }
}

/// <summary>Save step: keeps the history of slugs (<see cref="SlugHistory.KeepAsync"/>) before the write, under the lock.</summary>
public sealed class SlugHistoryStep : Saving.ISaveStep
{
    public Saving.SaveStepRun? Plan(CmsDbContext db) =>
        SlugHistory.Any(db) ? new Saving.SaveStepRun(Before: (save, ct) => SlugHistory.KeepAsync(save.Db, ct)) : null;
}
