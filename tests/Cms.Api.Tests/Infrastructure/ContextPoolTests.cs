using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Requests share pooled contexts: nothing one request does to its context reaches the next.</summary>
public sealed class ContextPoolTests(SqliteCmsFactory factory) : IClassFixture<SqliteCmsFactory>
{
    [Fact]
    public async Task A_context_comes_back_from_the_pool_as_configured()
    {
        CmsDbContext first;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            Assert.Equal(AutoTransactionBehavior.Always, first.Database.AutoTransactionBehavior);
            // What a request could leave behind: other settings, a tracked entity.
            first.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            first.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            first.Authors.Add(new Cms.Data.Authors.Author { Slug = "left-behind", Name = "Left Behind" });
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            Assert.Same(first, second); // pooled: the same instance, reset
            Assert.Equal(AutoTransactionBehavior.Always, second.Database.AutoTransactionBehavior);
            Assert.Equal(QueryTrackingBehavior.TrackAll, second.ChangeTracker.QueryTrackingBehavior);
            Assert.Empty(second.ChangeTracker.Entries());
            Assert.Null(second.Database.CurrentTransaction);
        }
    }
}
