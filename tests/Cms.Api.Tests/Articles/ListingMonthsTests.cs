using System.Net;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// The kept count of listed articles per month (<see cref="ListingMonth"/>, what the sitemap index reads) equals a
/// count of the articles after every kind of write, concurrent ones too, and its time moves with them.
/// </summary>
public abstract class ListingMonthsTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();

    [Fact]
    public async Task The_months_agree_with_the_articles_after_every_kind_of_write()
    {
        var author = await _editor.CreateAuthor();
        var byline = new[] { new { authorId = (string)author["id"]! } };
        await _editor.CreateArticle(new { publishedAt = "2013-01-10T05:00:00Z" }); // a draft lists nothing
        await AssertAgree();

        var a = await _editor.CreateArticle(new { status = "published", publishedAt = "2013-01-10T05:00:00Z", authors = byline });
        var b = await _editor.CreateArticle(new { status = "published", publishedAt = "2013-01-31T23:30:00Z", authors = byline });
        await AssertAgree();
        var before = factory.Clock.GetUtcNow();
        Assert.InRange((await Row(201301))!.ChangedAt, before.AddMilliseconds(-1), before.AddMilliseconds(1));

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await Patch(a, new { publishedAt = "2013-03-02T05:00:00Z" }); // moved: January loses it, March gains it
        await AssertAgree();
        Assert.True((await Row(201301))!.ChangedAt > before);
        Assert.Equal(1, (await Row(201303))!.Listed);

        await Step(a, "unpublish");
        await AssertAgree();
        await Step(a, "publish"); // back with its own date
        await AssertAgree();
        await Step(b, "archive");
        await AssertAgree();
        await (await _editor.DeleteAsync($"/api/v1/articles/{a["id"]}")).Expect(HttpStatusCode.NoContent);
        await AssertAgree();
        Assert.Equal(0, (await Row(201303))!.Listed);

        // Scheduled: counted in its month, whose list changes when its time comes.
        var at = factory.Clock.GetUtcNow().AddDays(40);
        await _editor.CreateArticle(new { status = "scheduled", publishedAt = at.ToString("O"), authors = byline });
        await AssertAgree();
        Assert.Equal(at.UtcTicks / 10, (await Row(ListingMonth.Of(at)))!.ChangedAt.UtcTicks / 10);

        // Concurrent writes to one month: each counted once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _editor.CreateArticle(new
        {
            status = "published", publishedAt = $"2013-05-{i + 1:D2}T05:00:00Z", authors = byline,
        })));
        await AssertAgree();
        Assert.Equal(8, (await Row(201305))!.Listed);
    }

    private async Task AssertAgree()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var listed = await db.Articles.Where(x => x.Status == ArticleStatus.Published || x.Status == ArticleStatus.Scheduled)
            .Select(x => x.PublishedAt).ToListAsync();
        var counted = listed.Where(p => p is not null).GroupBy(p => ListingMonth.Of(p!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var kept = await db.ListingMonths.Where(m => m.Listed != 0).ToDictionaryAsync(m => m.Month, m => m.Listed);
        Assert.Equal(counted.OrderBy(x => x.Key), kept.OrderBy(x => x.Key));
    }

    private async Task<ListingMonth?> Row(int month)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().ListingMonths.AsNoTracking().SingleOrDefaultAsync(m => m.Month == month);
    }

    private async Task Patch(JsonNode article, object body)
    {
        var etag = (await _editor.GetAsync($"/api/v1/articles/{article["id"]}")).ETag();
        await (await _editor.Patch($"/api/v1/articles/{article["id"]}", body, etag)).Expect(HttpStatusCode.OK);
    }

    private async Task Step(JsonNode article, string action) =>
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{article["id"]}/{action}")).Expect(HttpStatusCode.OK);
}

public sealed class ListingMonthsTestsOnSqlite(SqliteClockFactory factory)
    : ListingMonthsTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class ListingMonthsTestsOnPostgres(PostgresClockFactory factory)
    : ListingMonthsTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;
