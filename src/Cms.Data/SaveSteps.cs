using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Cms.Data.Saving;
using Cms.Data.Search;
using Cms.Data.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Data;

/// <summary>What every save of <see cref="CmsDbContext"/> does besides writing its changes: the one list, in order.</summary>
public static class SaveSteps
{
    /// <summary>
    /// Registers the steps in the order they run, and the rules of what each kind of write makes stale for readers (docs/architecture.md, "The save pipeline"). Before the transaction's
    /// first statement, on PostgreSQL, the change log's lock is taken (<see cref="Sync.ChangeLogInterceptor"/>).
    /// </summary>
    public static IServiceCollection AddCmsSaveSteps(this IServiceCollection services) => services
        .AddSingleton<SavePipeline>()
        // Who saves, for the outbox; the API names the request's key or person instead.
        .TryAddSingletonOf<ISaveActor, NoSaveActor>()
        // After the write: each tag and byline row's copy of its article's listing time.
        .AddSingleton<ISaveStep, ArticleListedAt>()
        // Before: which articles' copies of bylines, tags and images change. After: rewrite those copies.
        .AddSingleton<ISaveStep, ArticleLinkCopiesStep>()
        // Before: how many listed articles each month has (sitemaps and archives).
        .AddSingleton<ISaveStep, ListingMonthCounts>()
        // Before: the slugs resources had, refused to others (301s).
        .AddSingleton<ISaveStep, SlugHistoryStep>()
        // Before: versions and times, and the change log's rows (sync, ETags).
        .AddSingleton<ISaveStep, VersionStamp>()
        // Before, after versions: each article's text as saved (revisions).
        .AddSingleton<ISaveStep, ArticleRevisionsStep>()
        // Before, after versions: the webhook events this write causes, with their deliveries (the outbox).
        .AddSingleton<ISaveStep, WebhookOutboxStep>()
        // After, on PostgreSQL: the live stories whose streams this save adds to, announced at commit (pg_notify).
        .AddSingleton<ISaveStep, Live.LiveSignalStep>()
        // After: what the search index needs besides the columns (SQLite's FTS5 rows; PostgreSQL's words for completions).
        .AddSingleton<ISaveStep, SearchIndexStep>()
        // After: what the save makes stale for readers, by the rules below (the cache moves it as the request ends).
        .AddSingleton<ISaveStep, ReaderChangesStep>()
        .AddSingleton<IReaderChangeRule, ArticleReaderChanges>()
        .AddSingleton<IReaderChangeRule, Collections.CollectionReaderChanges>()
        .AddSingleton<IReaderChangeRule, Live.LiveReaderChanges>()
        .AddSingleton<IReaderChangeRule>(new ShownEverywhere(typeof(Authors.Author), typeof(Tags.Tag), typeof(Assets.Asset)))
        .AddSingleton<IReaderChangeRule>(new Unseen(typeof(Keys.ApiKey), typeof(Keys.Person),
            typeof(Microsoft.AspNetCore.Identity.IdentityUserPasskey<Guid>), typeof(Microsoft.AspNetCore.Identity.IdentityPasskeyData), typeof(Webhook), typeof(Import.ImportedItem), typeof(WebhookEvent), typeof(WebhookDelivery),
            typeof(WebhookAttempt), typeof(Audit.AuditEntry), typeof(Infrastructure.Change), typeof(Infrastructure.RetiredSlug),
            typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), typeof(SearchHit), typeof(Live.LiveEvent)))
        // What readers see change at a time no write announces.
        .AddSingleton<IUpcomingReaderChange, ScheduledArticles>()
        .AddSingleton<IUpcomingReaderChange, Collections.ScheduledArrangements>();

    private static IServiceCollection TryAddSingletonOf<TService, TImplementation>(this IServiceCollection services)
        where TService : class where TImplementation : class, TService
    {
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<TService, TImplementation>(services);
        return services;
    }
}
