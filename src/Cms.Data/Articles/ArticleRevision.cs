using System.Text.Json;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

/// <summary>
/// One saved state of an article: what the editor wrote (<see cref="DocumentJson"/>, an <see cref="ArticleDocument"/>),
/// who saved it and when, and which of its fields the save changed. Written by <see cref="ArticleRevisions.AddAsync"/>
/// in the save's own batch. It references nothing, so it outlives a trip of its article through the trash.
/// </summary>
public sealed class ArticleRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ArticleId { get; set; }

    /// <summary>1, 2, 3… per article, in the order of its saves.</summary>
    public int Number { get; set; }

    /// <summary>The article's version this save made (its ETag).</summary>
    public long Version { get; set; }

    public DateTimeOffset At { get; set; }
    public Guid? KeyId { get; set; }

    /// <summary>The status as stored (lower case); scheduled stays scheduled.</summary>
    public required string Status { get; set; }

    /// <summary>Whether readers may have seen this text (published, or scheduled): such a revision is never pruned.</summary>
    public bool Published { get; set; }

    /// <summary>The fields of <see cref="ArticleDocument"/> this save changed, as a JSON array of their names.</summary>
    public required string ChangedJson { get; set; }

    public required string DocumentJson { get; set; }
}

/// <summary>
/// Revisions are written by the save path, so no endpoint can forget one: <see cref="ArticleRevisionsStep"/> calls
/// <see cref="AddAsync"/> for every save, which adds a revision of each article it creates or whose document it
/// changes (a save that changes nothing an editor writes, such as a correction note, adds none). Retention: every
/// revision readers may have seen is kept; of the others the newest <see cref="RevisionRetention.Newest"/> per article,
/// the rest pruned at most <see cref="PrunedPerSave"/> per save, so a long history never slows a save.
/// </summary>
public static class ArticleRevisions
{
    public const int PrunedPerSave = 10;

    /// <summary>
    /// Inside the save's transaction, before its changes go to the database, after versions are stamped. The next number
    /// is the article's <see cref="Article.LastRevision"/> plus one (an article re-created with a history, from the
    /// trash, comes with it set). An article saved for the first time since revisions existed first gets one of the
    /// state it had (with no changed fields).
    /// </summary>
    public static async Task AddAsync(CmsDbContext db, RevisionRetention retention, DateTimeOffset now, IReadOnlySet<object> imported,
        CancellationToken ct)
    {
        // The tracked links by article, read once: asking the change tracker per article (it detects changes on every
        // call) made a save of many articles quadratic (an import's batch of 200 spent seconds here).
        var bylinesOf = db.ChangeTracker.Entries<ArticleAuthor>().ToLookup(b => b.Entity.ArticleId);
        var tagsOf = db.ChangeTracker.Entries<ArticleTag>().ToLookup(t => t.Entity.ArticleId);
        // An article imported brings its revisions with it (Versions.Imported).
        foreach (var entry in db.ChangeTracker.Entries<Article>()
                     .Where(e => e.State is EntityState.Added or EntityState.Modified && !imported.Contains(e.Entity)).ToList())
        {
            var before = entry.State == EntityState.Added ? null : Document(entry, original: true, Copied(entry, original: true));
            var after = Document(entry, original: false, Links(entry, bylinesOf[entry.Entity.Id].ToList(), tagsOf[entry.Entity.Id].ToList()));
            var changed = ArticleDocument.Changed(before, after);
            if (before is not null && changed.Count == 0)
            {
                continue;
            }
            var article = entry.Entity;
            var number = entry.State == EntityState.Added ? article.LastRevision : entry.Property(a => a.LastRevision).OriginalValue;
            if (number == 0 && before is not null)
            {
                number = 1;
                db.ArticleRevisions.Add(Revision(article.Id, number, entry.Property(a => a.Version).OriginalValue,
                    entry.Property(a => a.UpdatedAt).OriginalValue, entry.Property(a => a.UpdatedByKeyId).OriginalValue, before, []));
            }
            var revision = Revision(article.Id, number + 1, article.Version, now, article.UpdatedByKeyId, after, changed);
            db.ArticleRevisions.Add(revision);
            entry.Property(a => a.LastRevision).CurrentValue = revision.Number;
            // At most Number revisions exist, so below the limit there is nothing to prune.
            if (revision.Number > retention.Newest)
            {
                await db.ArticleRevisions.Where(r => r.ArticleId == article.Id && !r.Published).OrderByDescending(r => r.Number)
                    .Skip(revision.Published ? retention.Newest : retention.Newest - 1).Take(PrunedPerSave).ExecuteDeleteAsync(ct);
            }
        }
    }

    private static ArticleRevision Revision(Guid articleId, int number, long version, DateTimeOffset at, Guid? keyId,
        ArticleDocument document, List<string> changed) => new()
    {
        ArticleId = articleId, Number = number, Version = version, At = at, KeyId = keyId,
        Status = document.Status.ToString().ToLowerInvariant(),
        Published = ArticleVisibility.IsPublishing(document.Status),
        ChangedJson = JsonSerializer.Serialize(changed), DocumentJson = document.ToJson(),
    };

    /// <summary>The document of the entry's current or original values (a copy of the row as it was loaded).</summary>
    private static ArticleDocument Document(EntityEntry<Article> entry, bool original,
        (List<ArticleDocument.DocumentByline> Authors, List<ArticleDocument.DocumentTag> Tags) links) =>
        ArticleDocument.Of(original ? (Article)entry.OriginalValues.ToObject() : entry.Entity, links.Authors, links.Tags);

    /// <summary>
    /// The links the article will have: those tracked, when the save holds them all (a new article; one loaded with
    /// its links, as every API write does); else its copies, when the save changes none.
    /// </summary>
    private static (List<ArticleDocument.DocumentByline>, List<ArticleDocument.DocumentTag>) Links(EntityEntry<Article> entry,
        List<EntityEntry<ArticleAuthor>> bylines, List<EntityEntry<ArticleTag>> tags)
    {
        var id = entry.Entity.Id;
        var loaded = entry.State == EntityState.Added
            || (entry.Collection(a => a.Authors).IsLoaded && entry.Collection(a => a.Tags).IsLoaded);
        if (!loaded)
        {
            return bylines.Concat<EntityEntry>(tags).All(e => e.State == EntityState.Unchanged)
                ? Copied(entry, original: false)
                : throw new InvalidOperationException(
                    $"Article {id}'s links change in a save without all of them loaded; its revision holds them.");
        }
        return (bylines.Where(b => b.State != EntityState.Deleted).OrderBy(b => b.Entity.Position)
                .Select(b => new ArticleDocument.DocumentByline(b.Entity.AuthorId, b.Entity.Role)).ToList(),
            tags.Where(t => t.State != EntityState.Deleted).OrderBy(t => t.Entity.Position)
                .Select(t => new ArticleDocument.DocumentTag(t.Entity.TagId)).ToList());
    }

    /// <summary>The links as the article's copies hold them (<see cref="ArticleLinkCopies"/>): right for what the save does not change.</summary>
    private static (List<ArticleDocument.DocumentByline>, List<ArticleDocument.DocumentTag>) Copied(EntityEntry<Article> entry, bool original)
    {
        var bylines = (string)(original ? entry.Property(a => a.BylinesJson).OriginalValue : entry.Entity.BylinesJson);
        var tags = (string)(original ? entry.Property(a => a.TagsJson).OriginalValue : entry.Entity.TagsJson);
        return (ArticleLinkCopies.Read(bylines).Select(b => new ArticleDocument.DocumentByline(b.Id, b.Role ?? BylineRole.Reporter)).ToList(),
            ArticleLinkCopies.Read(tags).Select(t => new ArticleDocument.DocumentTag(t.Id)).ToList());
    }
}

/// <summary>How many revisions that readers never saw each article keeps (Cms:RevisionsKept).</summary>
public sealed record RevisionRetention(int Newest);

public sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        builder.ToTable("ArticleRevisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasMaxLength(20);
        // Not unique: two saves of one version would both number theirs LastRevision + 1, and the unique index, checked
        // first (EF inserts before it updates), would answer the loser 409. The article's own concurrency check in the
        // same transaction refuses the loser whole, revision and all: 412, as for any stale save (ArticleRevisionTests).
        builder.HasIndex(r => new { r.ArticleId, r.Number });
        // The pruning of a save: the article's unpublished revisions, newest first.
        builder.HasIndex(r => new { r.ArticleId, r.Published, r.Number });
    }
}

/// <summary>Save step: a revision of each article the save creates or whose text it changes, after versions are stamped.</summary>
public sealed class ArticleRevisionsStep(RevisionRetention retention) : Saving.ISaveStep
{
    public Saving.SaveStepRun? Plan(CmsDbContext db) =>
        db.ChangeTracker.Entries<Article>().Any(e => e.State is EntityState.Added or EntityState.Modified)
            ? new Saving.SaveStepRun(Before: (save, ct) => ArticleRevisions.AddAsync(save.Db, retention, save.Now, save.Imported, ct))
            : null;
}
