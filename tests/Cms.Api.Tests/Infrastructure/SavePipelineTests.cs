using Cms.Data;
using Cms.Data.Infrastructure;
using Cms.Data.Saving;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// Every save runs the save pipeline or is refused. Each step's effect has tests of its own (docs/architecture.md
/// names them); these hold the pipeline itself.
/// </summary>
public abstract class SavePipelineTests(CmsFactory factory)
{
    [Fact]
    public async Task A_synchronous_save_of_content_is_refused_and_writes_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var name = Http.Unique("Sinkron");
        db.Tags.Add(new Cms.Data.Tags.Tag { Name = name, Slug = name.ToLowerInvariant().Replace(" ", "-") });

        Assert.Throws<NotSupportedException>(() => db.SaveChanges());

        await using var check = factory.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<CmsDbContext>().Tags.AnyAsync(t => t.Name == name));
    }

    [Fact]
    public async Task A_context_made_without_the_apps_services_refuses_to_save()
    {
        var options = new DbContextOptionsBuilder<CmsDbContext>();
        options.UseCmsDatabase(factory.Provider == "Postgres" ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite, factory.ConnectionString);
        await using var db = new CmsDbContext(options.Options);
        var name = Http.Unique("Tanpa");
        db.Tags.Add(new Cms.Data.Tags.Tag { Name = name, Slug = name.ToLowerInvariant().Replace(" ", "-") });

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Every_entity_has_a_rule_of_what_its_writes_make_stale_for_readers()
    {
        // Without one, a write of it makes everything stale: safe, but a new feature's entity would cost the cache quietly.
        var step = factory.Services.GetRequiredService<SavePipeline>().Steps.OfType<ReaderChangesStep>().Single();
        await using var scope = factory.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<CmsDbContext>().Model;
        Assert.Empty(model.GetEntityTypes().Where(t => !t.IsOwned() && t.FindPrimaryKey() is not null)
            .Select(t => t.ClrType).Where(t => step.RuleFor(t) is null).Select(t => t.Name));
    }

    [Fact]
    public async Task A_step_sees_an_entity_that_a_step_before_it_changed_as_changed()
    {
        // The pipeline detects changes itself, not at each ChangeTracker.Entries(): what one step changes, the next sees.
        var name = Http.Unique("Sebelum");
        var tag = new Cms.Data.Tags.Tag { Name = name, Slug = name.ToLowerInvariant().Replace(" ", "-") };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.Tags.Add(tag);
            await db.SaveChangesAsync();
        }
        await using var second = factory.Services.CreateAsyncScope();
        var context = second.ServiceProvider.GetRequiredService<CmsDbContext>();
        var loaded = await context.Tags.SingleAsync(t => t.Id == tag.Id);
        EntityState? seen = null;
        var pipeline = new SavePipeline(
            [
                new Step(_ => new SaveStepRun(Before: (_, _) =>
                {
                    loaded.Description = "diubah oleh langkah pertama";
                    return Task.CompletedTask;
                })),
                new Step(_ => new SaveStepRun(Before: (save, _) =>
                {
                    seen = save.Db.ChangeTracker.Entries<Cms.Data.Tags.Tag>().Single(e => e.Entity.Id == tag.Id).State;
                    return Task.CompletedTask;
                })),
            ], TimeProvider.System);

        await pipeline.SaveAsync(context, true, (_, _) => Task.FromResult(0), default);

        Assert.Equal(EntityState.Modified, seen);
        Assert.True(context.ChangeTracker.AutoDetectChangesEnabled);
    }

    private sealed class Step(Func<CmsDbContext, SaveStepRun?> plan) : ISaveStep
    {
        public SaveStepRun? Plan(CmsDbContext db) => plan(db);
    }

    [Fact]
    public void The_steps_run_in_the_order_SaveSteps_lists_them()
    {
        var steps = factory.Services.GetRequiredService<SavePipeline>().Steps.Select(s => s.GetType().Name);

        Assert.Equal(["ArticleListedAt", "ArticleLinkCopiesStep", "ListingMonthCounts", "SlugHistoryStep", "VersionStamp",
            "ArticleRevisionsStep", "WebhookOutboxStep", "LiveSignalStep", "SearchIndexStep", "ReaderChangesStep"], steps);
    }
}

public sealed class SavePipelineTestsOnSqlite(SqliteCmsFactory factory) : SavePipelineTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class SavePipelineTestsOnPostgres(PostgresCmsFactory factory) : SavePipelineTests(factory), IClassFixture<PostgresCmsFactory>;
