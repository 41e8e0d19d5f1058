using Cms.Data.Articles;
using Cms.Data.Assets;
using Cms.Data.Authors;
using Cms.Data.Keys;
using Cms.Data.Search;
using Cms.Data.Sync;
using Cms.Data.Tags;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cms.Data;

/// <remarks>
/// Also the store of ASP.NET Core Data Protection's keys (<see cref="IDataProtectionKeyContext"/>), which sign preview
/// links: kept in the database, every replica has them and a restart keeps them.
/// </remarks>
public sealed class CmsDbContext : DbContext, IDataProtectionKeyContext
{
    public CmsDbContext(DbContextOptions<CmsDbContext> options)
        : base(options)
    {
        // Every write is a transaction, so the change log's lock (see ChangeLogInterceptor) always applies.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        Search = Database.IsSqlite() ? SqliteArticleSearch.Instance : PostgresArticleSearch.Instance;
    }

    /// <summary>Full-text search as this context's database does it.</summary>
    public IArticleSearch Search { get; }

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArticleAuthor> ArticleAuthors => Set<ArticleAuthor>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ArticleBodyAsset> ArticleBodyAssets => Set<ArticleBodyAsset>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Change> Changes => Set<Change>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<ListingMonth> ListingMonths => Set<ListingMonth>();
    public DbSet<Infrastructure.RetiredSlug> RetiredSlugs => Set<Infrastructure.RetiredSlug>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Webhooks.Webhook> Webhooks => Set<Webhooks.Webhook>();
    public DbSet<Webhooks.WebhookEvent> WebhookEvents => Set<Webhooks.WebhookEvent>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<Webhooks.WebhookAttempt> WebhookAttempts => Set<Webhooks.WebhookAttempt>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<ArticleLock> ArticleLocks => Set<ArticleLock>();
    public DbSet<TrashedArticle> ArticleTrash => Set<TrashedArticle>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();

    /// <summary>
    /// Saves, and in the same transaction keeps in step what EF does not map or derive: the copy of
    /// each article's listing time on its tag and byline rows (<see cref="ArticleVisibility.ListedAt"/>), the
    /// copy of its bylines and tags on the article (<see cref="ArticleLinkCopies"/>), and
    /// a search index the database does not keep itself (<see cref="IArticleSearch.IndexChanges"/>). So no
    /// list, count or search ever sees a write half done. Also the count of listed articles per month
    /// (<see cref="ListingMonth"/>) and the slugs resources had before (<see cref="Infrastructure.SlugHistory"/>), read and
    /// changed under the lock; and the webhook events the write causes (<see cref="Cms.Data.Webhooks.WebhookOutbox"/>, added
    /// to the save by <see cref="Infrastructure.VersioningInterceptor"/> inside this transaction).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var listed = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity switch
            {
                Article a => a.Id,
                ArticleTag t when e.State == EntityState.Added => t.ArticleId,
                ArticleAuthor b when e.State == EntityState.Added => b.ArticleId,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var copies = LinkCopiesChanged();
        var indexSearch = Search.IndexChanges(this);
        var months = ListingMonthsChanged();
        var slugs = Infrastructure.SlugHistory.Any(this);
        var events = Cms.Data.Webhooks.WebhookOutbox.Any(this);
        if (listed.Count == 0 && copies.IsEmpty && indexSearch is null && months.Count == 0 && !slugs && !events)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await using var transaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        // Inside the transaction, so under the lock every write takes (ChangeLogInterceptor; SQLite's one writer): a
        // byline added to the renamed author's article by a concurrent save is either seen here or sees the new name.
        var copied = await copies.ArticlesAsync(this, cancellationToken);
        await CountListingsAsync(months, cancellationToken);
        if (slugs)
        {
            await Infrastructure.SlugHistory.KeepAsync(this, cancellationToken);
        }
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
        if (listed.Count > 0)
        {
            await ArticleTags.Where(t => listed.Contains(t.ArticleId)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ListedAt,
                t => Articles.Where(a => a.Id == t.ArticleId).Select(ArticleVisibility.ListedAt).FirstOrDefault()), cancellationToken);
            await ArticleAuthors.Where(b => listed.Contains(b.ArticleId)).ExecuteUpdateAsync(s => s.SetProperty(b => b.ListedAt,
                b => Articles.Where(a => a.Id == b.ArticleId).Select(ArticleVisibility.ListedAt).FirstOrDefault()), cancellationToken);
        }
        await ArticleLinkCopies.RebuildAsync(this, copied, cancellationToken);
        if (indexSearch is not null)
        {
            await indexSearch(cancellationToken);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }
        return saved;
    }

    /// <summary>
    /// For each month an article written here was or will be listed in: how many more articles it lists (-1, 0, +1
    /// per article), and the latest scheduled publication the write puts in it.
    /// </summary>
    private Dictionary<int, (int Delta, DateTimeOffset? Scheduled)> ListingMonthsChanged()
    {
        var months = new Dictionary<int, (int Delta, DateTimeOffset? Scheduled)>();
        foreach (var entry in ChangeTracker.Entries<Article>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            DateTimeOffset? before = entry.State == EntityState.Added ? null
                : Listed(entry.Property(a => a.Status).OriginalValue, entry.Property(a => a.PublishedAt).OriginalValue);
            DateTimeOffset? after = entry.State == EntityState.Deleted ? null : Listed(entry.Entity.Status, entry.Entity.PublishedAt);
            if (before is { } was)
            {
                var (delta, scheduled) = months.GetValueOrDefault(ListingMonth.Of(was));
                months[ListingMonth.Of(was)] = (delta - 1, scheduled);
            }
            if (after is { } will)
            {
                var (delta, scheduled) = months.GetValueOrDefault(ListingMonth.Of(will));
                months[ListingMonth.Of(will)] = (delta + 1, will > scheduled || scheduled is null ? will : scheduled);
            }
        }
        return months;

        static DateTimeOffset? Listed(ArticleStatus status, DateTimeOffset? publishedAt) =>
            ArticleVisibility.IsPublishing(status) ? publishedAt : null;
    }

    /// <summary>
    /// Applies <see cref="ListingMonthsChanged"/> to the months' rows, inside the write's transaction: on PostgreSQL under
    /// the lock every write takes first (ChangeLogInterceptor), on SQLite under its one writer, so two saves never
    /// both read a month's count before either writes it. The time is stamped by the versioning interceptor.
    /// </summary>
    private async Task CountListingsAsync(Dictionary<int, (int Delta, DateTimeOffset? Scheduled)> months, CancellationToken ct)
    {
        if (months.Count == 0)
        {
            return;
        }
        var keys = months.Keys.ToList();
        var rows = await ListingMonths.Where(m => keys.Contains(m.Month)).ToDictionaryAsync(m => m.Month, ct);
        foreach (var (month, (delta, scheduled)) in months)
        {
            if (!rows.TryGetValue(month, out var row))
            {
                row = new ListingMonth { Month = month };
                ListingMonths.Add(row);
            }
            row.Listed += delta;
            // Stamped with the write's time when saved; a later scheduled publication is kept for the interceptor to see.
            row.ChangedAt = scheduled > row.ChangedAt ? scheduled.Value : row.ChangedAt;
            if (Entry(row).State != EntityState.Added)
            {
                Entry(row).Property(m => m.ChangedAt).IsModified = true;
            }
        }
    }

    /// <summary>
    /// What this save changes that articles' copies of their bylines, tags and images show: the articles saved,
    /// those whose links are added, changed or removed, and authors, tags and assets whose shown fields change or
    /// that go.
    /// </summary>
    private LinkCopyChanges LinkCopiesChanged()
    {
        var changes = new LinkCopyChanges([], [], [], []);
        foreach (var entry in ChangeTracker.Entries())
        {
            var changed = entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
            switch (entry.Entity)
            {
                // A saved article may carry a stale copy that EF writes back (a whole entity marked modified).
                case Article article when entry.State is EntityState.Added or EntityState.Modified:
                    changes.Articles.Add(article.Id);
                    break;
                case ArticleAuthor byline when changed:
                    changes.Articles.Add(byline.ArticleId);
                    break;
                case ArticleTag link when changed:
                    changes.Articles.Add(link.ArticleId);
                    break;
                case ArticleBodyAsset shown when changed:
                    changes.Articles.Add(shown.ArticleId);
                    break;
                case Author author when Shows(entry, ArticleLinkCopies.ShownAuthorFields):
                    changes.Authors.Add(author.Id);
                    break;
                case Tag tag when Shows(entry, ArticleLinkCopies.ShownTagFields):
                    changes.Tags.Add(tag.Id);
                    break;
                case Asset asset when Shows(entry, ArticleLinkCopies.ShownAssetFields):
                    changes.Assets.Add(asset.Id);
                    break;
            }
        }
        return changes;

        static bool Shows(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, string[] fields) =>
            entry.State == EntityState.Deleted
            || (entry.State == EntityState.Modified && fields.Any(f => entry.Property(f).IsModified));
    }

    private sealed record LinkCopyChanges(HashSet<Guid> Articles, List<Guid> Authors, List<Guid> Tags, List<Guid> Assets)
    {
        public bool IsEmpty => Articles.Count == 0 && Authors.Count == 0 && Tags.Count == 0 && Assets.Count == 0;

        /// <summary>The articles whose copies to rebuild; read before the save, while a deleted tag's links still say where it was.</summary>
        public async Task<List<Guid>> ArticlesAsync(CmsDbContext db, CancellationToken ct)
        {
            var articles = new HashSet<Guid>(Articles);
            if (Authors.Count > 0)
            {
                articles.UnionWith(await db.ArticleAuthors.Where(b => Authors.Contains(b.AuthorId)).Select(b => b.ArticleId).ToListAsync(ct));
            }
            if (Tags.Count > 0)
            {
                articles.UnionWith(await db.ArticleTags.Where(t => Tags.Contains(t.TagId)).Select(t => t.ArticleId).ToListAsync(ct));
            }
            if (Assets.Count > 0)
            {
                articles.UnionWith(await db.Articles.Where(a => a.FeatureImageAssetId != null && Assets.Contains(a.FeatureImageAssetId.Value))
                    .Select(a => a.Id).ToListAsync(ct));
                articles.UnionWith(await db.ArticleBodyAssets.Where(m => Assets.Contains(m.AssetId)).Select(m => m.ArticleId).ToListAsync(ct));
            }
            return articles.ToList();
        }
    }

    /// <summary>Only Data Protection saves synchronously (its key store is synchronous), and only its keys.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries().All(e => e.Entity is DataProtectionKey || e.State is EntityState.Unchanged or EntityState.Detached)
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new NotSupportedException("Cms saves asynchronously only (SaveChangesAsync), which keeps the search index in step.");

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CmsDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type and cannot order DateTimeOffset; UTC ticks sort correctly.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
