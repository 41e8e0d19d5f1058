using Cms.Api.Articles.Live;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles;

public static class ArticlesSetup
{
    public static IServiceCollection AddCmsArticles(this IServiceCollection services)
    {
        services.AddSingleton<ArticleReads>();
        services.AddCmsLive();
        services.AddHostedService<ArticleTrash.Purger>();
        // Signs preview links; its keys live in the database, shared by replicas and kept over restarts.
        services.AddDataProtection().SetApplicationName("Cms").PersistKeysToDbContext<Cms.Data.CmsDbContext>();
        services.AddSingleton<ArticlePreviews>();
        services.AddSingleton(sp => new Cms.Data.Articles.RevisionRetention(
            Math.Max(1, sp.GetRequiredService<IOptions<CmsOptions>>().Value.RevisionsKept)));
        services.AddProblemExtension<LockHolder>("lockedBy", "On 423 locked: the key that holds the article's edit lock.");
        services.AddProblemExtension<DateTimeOffset>("lockedUntil", "On 423 locked: until when, unless its holder renews it.");
        return services;
    }
}
