using Cms.Data.Articles;
using Cms.Data.Assets;
using Cms.Data.Authors;
using Cms.Data.Keys;
using Cms.Data.Search;
using Cms.Data.Infrastructure;
using Cms.Data.Tags;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
        Pipeline = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<SavePipeline>();
    }

    /// <summary>Fills a search index the database cannot fill itself when it is out of step; how many articles it indexed.</summary>
    public Task<int> EnsureSearchIndexAsync(CancellationToken ct = default) => Search.EnsureIndexAsync(this, ct);

    /// <summary>What a save does besides writing its changes (<see cref="SaveSteps"/>).</summary>
    public SavePipeline? Pipeline { get; }

    /// <summary>
    /// What this context's saves made stale for readers (<see cref="ReaderScopes"/>), recorded by
    /// <see cref="ReaderChangesStep"/>: the web layer moves these cache scopes before the request's response goes out.
    /// </summary>
    public HashSet<string> ReaderChanges { get; } = [];

    /// <summary>Full-text search as this context's database does it.</summary>
    public IArticleSearch Search { get; }

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArticleAuthor> ArticleAuthors => Set<ArticleAuthor>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ArticleBodyAsset> ArticleBodyAssets => Set<ArticleBodyAsset>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Import.ImportedItem> ImportedItems => Set<Import.ImportedItem>();
    public DbSet<IdentityUserPasskey<Guid>> PersonPasskeys => Set<IdentityUserPasskey<Guid>>();
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
    public DbSet<Collections.Collection> Collections => Set<Collections.Collection>();
    public DbSet<Collections.CollectionArrangement> CollectionArrangements => Set<Collections.CollectionArrangement>();
    public DbSet<Live.LiveCoverage> LiveCoverages => Set<Live.LiveCoverage>();
    public DbSet<Live.LiveUpdate> LiveUpdates => Set<Live.LiveUpdate>();
    public DbSet<Live.LiveEvent> LiveEvents => Set<Live.LiveEvent>();

    /// <summary>
    /// Saves through the save pipeline: every step <see cref="SaveSteps.AddCmsSaveSteps"/> lists, in that order, in the
    /// save's transaction. A context made without the app's services (design time) has no pipeline and refuses to save.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        Pipeline is { } pipeline
            ? pipeline.SaveAsync(this, acceptAllChangesOnSuccess, (accept, ct) => base.SaveChangesAsync(accept, ct), cancellationToken)
            : throw new InvalidOperationException("This CmsDbContext has no save pipeline: make it through AddCmsDatabase.");

    /// <summary>
    /// Only Data Protection saves synchronously (its key store is synchronous), and only its keys, which no save step is
    /// about: a synchronous save could not run the steps' asynchronous work, so any other is refused.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries().All(e => e.Entity is DataProtectionKey || e.State is EntityState.Unchanged or EntityState.Detached)
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new NotSupportedException("Cms saves asynchronously only (SaveChangesAsync), so that every save step runs.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CmsDbContext).Assembly);
        if (Database.IsNpgsql())
        {
            // PostgreSQL compresses a value that would make its row over 2 KB (bodies, their HTML, revisions, JSON
            // copies: the text columns without a length limit); lz4 compresses several times faster than the default
            // pglz, which took a tenth of the server's time in an import (bench/IMPORT.md). The search vector, outside
            // the model, and the archive's words are set in the migration Lz4Compression.
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetDeclaredProperties())
                         .Where(p => (p.GetValueConverter()?.ProviderClrType ?? p.GetProviderClrType() ?? p.ClrType) == typeof(string) && p.GetMaxLength() is null))
            {
                property.SetCompressionMethod("lz4");
            }
        }
    }

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
