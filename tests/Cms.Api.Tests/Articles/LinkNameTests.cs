using System.Net;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// Lists and single articles show their bylines' and tags' names as they are now: the first read after an
/// author or tag changes, through this app or another replica on the same database, shows the change.
/// </summary>
public abstract class LinkNameTests(CmsFactory factory)
{
    // With a key: responses are not stored by the output cache, so these reads reach the database.
    private readonly HttpClient _editor = factory.CreateClient();

    [Fact]
    public async Task An_article_and_a_list_show_an_author_and_a_tag_as_renamed_through_the_api()
    {
        var authorResponse = await _editor.Post("/api/v1/authors", new { name = Http.Unique("Reporter"), title = "Reporter" });
        var author = await authorResponse.Expect(HttpStatusCode.Created);
        var tagResponse = await _editor.Post("/api/v1/tags", new { name = Http.Unique("Tag") });
        var tag = await tagResponse.Expect(HttpStatusCode.Created);
        var article = await Publish(author, tag);
        foreach (var before in await Reads(article, tag))
        {
            Assert.Equal((string?)author["name"], (string?)before["authors"]![0]!["name"]);
        }

        await (await _editor.Patch($"/api/v1/authors/{author["id"]}", new { name = "Nama Baru", title = "Redaktur" },
            authorResponse.ETag())).Expect(HttpStatusCode.OK);
        await (await _editor.Patch($"/api/v1/tags/{tag["id"]}", new { name = "Topik Baru" }, tagResponse.ETag()))
            .Expect(HttpStatusCode.OK);

        foreach (var after in await Reads(article, tag))
        {
            Assert.Equal("Nama Baru", (string?)after["authors"]![0]!["name"]);
            Assert.Equal("Redaktur", (string?)after["authors"]![0]!["title"]);
            Assert.Equal("Topik Baru", (string?)after["tags"]![0]!["name"]);
        }
    }

    [Fact]
    public async Task An_article_and_a_list_show_an_author_as_renamed_by_another_replica()
    {
        var author = await _editor.CreateAuthor();
        var tag = await _editor.CreateTag();
        var article = await Publish(author, tag);
        foreach (var before in await Reads(article, tag))
        {
            Assert.Equal((string?)author["name"], (string?)before["authors"]![0]!["name"]);
        }

        // What another replica's save does: its own context saves the author and the change-log entry in one
        // transaction, and nothing in this app's memory knows.
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var id = Guid.Parse((string)author["id"]!);
            (await db.Authors.SingleAsync(a => a.Id == id)).Name = "Dari Replika Lain";
            db.Changes.Add(new Change { Resource = "author", ResourceId = id, At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        foreach (var after in await Reads(article, tag))
        {
            Assert.Equal("Dari Replika Lain", (string?)after["authors"]![0]!["name"]);
        }
    }

    private async Task<JsonNode> Publish(JsonNode author, JsonNode tag) => await _editor.CreateArticle(new
    {
        status = "published", publishedAt = "2024-06-19T12:04:00+07:00",
        authors = new[] { new { authorId = (string)author["id"]! } }, tags = new[] { new { tagId = (string)tag["id"]! } },
    });

    /// <summary>
    /// The article as a read by id, a read by slug and the tag's list show it.
    /// </summary>
    private async Task<JsonNode[]> Reads(JsonNode article, JsonNode tag) =>
    [
        await (await _editor.GetAsync($"/api/v1/articles/{article["id"]}")).Expect(HttpStatusCode.OK),
        await (await _editor.GetAsync($"/api/v1/articles/slug/{article["slug"]}")).Expect(HttpStatusCode.OK),
        await List(tag),
    ];

    /// <summary>The only article of the tag's list.</summary>
    private async Task<JsonNode> List(JsonNode tag)
    {
        var page = await (await _editor.GetAsync($"/api/v1/articles?tag={tag["slug"]}")).Expect(HttpStatusCode.OK);
        return Assert.Single(page["data"]!.AsArray())!;
    }
}

public sealed class LinkNameTestsOnSqlite(SqliteCmsFactory factory) : LinkNameTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class LinkNameTestsOnPostgres(PostgresCmsFactory factory) : LinkNameTests(factory), IClassFixture<PostgresCmsFactory>;
