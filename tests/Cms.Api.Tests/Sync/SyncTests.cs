using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Sync;

public abstract class SyncTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _public = factory.CreateAnonymousClient();

    [Fact]
    public async Task A_first_sync_pages_through_everything_and_a_later_one_brings_only_the_changes()
    {
        var author = await _editor.CreateAuthor();
        var tag = await _editor.CreateTag();
        var articles = new List<JsonNode>();
        for (var i = 0; i < 5; i++)
        {
            articles.Add(await Published(author, tag));
        }

        var (all, token) = await SyncAll(_editor, null, limit: 3);
        Assert.Superset(articles.Select(Id).Append(Id(author)).Append(Id(tag)).ToHashSet(), all.Keys.ToHashSet());
        Assert.Equal((string?)articles[0]["title"], (string?)all[Id(articles[0])]["article"]!["title"]);

        await (await _editor.Patch($"/api/v1/articles/{articles[1]["id"]}", "{\"title\":\"Judul koreksi\"}", "*")).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/articles/{articles[2]["id"]}")).StatusCode);
        var gone = await _editor.CreateTag();
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/tags/{gone["id"]}")).StatusCode);

        var (changes, _) = await SyncAll(_editor, token, limit: 100);
        Assert.Equal(new[] { Id(articles[1]), Id(articles[2]), Id(gone) }.Order(), changes.Keys.Order());
        Assert.Equal("Judul koreksi", (string?)changes[Id(articles[1])]["article"]!["title"]);
        Assert.True((bool)changes[Id(articles[2])]["deleted"]!);
        Assert.True((bool)changes[Id(gone)]["deleted"]!);
        Assert.False((bool)changes[Id(articles[1])]["deleted"]!);
    }

    [Fact]
    public async Task Renaming_a_tag_passes_on_its_articles_and_nothing_else()
    {
        var author = await _editor.CreateAuthor();
        var tag = await _editor.CreateTag();
        var tagged = await Published(author, tag);
        await Published(author, await _editor.CreateTag());
        var (_, token) = await SyncAll(_editor, null, limit: 500);

        await (await _editor.Patch($"/api/v1/tags/{tag["id"]}", "{\"name\":\"Nama Baru\"}", "*")).Expect(HttpStatusCode.OK);

        var (changes, _) = await SyncAll(_editor, token, limit: 100);
        Assert.Equal(new[] { Id(tag), Id(tagged) }.Order(), changes.Keys.Order());
        Assert.Equal("Nama Baru", (string?)changes[Id(tagged)]["article"]!["tags"]![0]!["name"]);
    }

    [Fact]
    public async Task Readers_without_a_key_see_unpublished_stories_go_and_scheduled_ones_come_on_their_minute()
    {
        var author = await _editor.CreateAuthor();
        var story = await Published(author, await _editor.CreateTag());
        var (_, token) = await SyncAll(_public, null, limit: 500);
        var draft = await _editor.CreateArticle(new { title = Http.Unique("Draf") });
        var scheduled = await _editor.CreateArticle(new
        {
            title = Http.Unique("Nanti"), body = "Isi.", status = "published",
            publishedAt = factory.Clock.GetUtcNow().AddMinutes(1), authors = new[] { new { authorId = Id(author) } },
        });
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{story["id"]}/unpublish")).Expect(HttpStatusCode.OK);

        var (changes, next) = await SyncAll(_public, token, limit: 100);
        Assert.True((bool)changes[Id(story)]["deleted"]!);
        Assert.True((bool)changes[Id(draft)]["deleted"]!);
        Assert.True((bool)changes[Id(scheduled)]["deleted"]!);
        Assert.DoesNotContain("createdByKeyId", changes.Values.Select(v => v.ToJsonString()).Aggregate("", string.Concat));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var (appeared, _) = await SyncAll(_public, next, limit: 100);
        Assert.Equal([Id(scheduled)], appeared.Keys);
        Assert.Equal("published", (string?)appeared[Id(scheduled)]["article"]!["status"]);
    }

    [Theory]
    [InlineData("since=garbage", "since")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    public async Task Bad_parameters_answer_400(string query, string parameter)
    {
        await (await _editor.GetAsync($"/api/v1/sync?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", parameter);
    }

    private async Task<(Dictionary<string, JsonNode> Items, string Token)> SyncAll(HttpClient client, string? token, int limit)
    {
        var items = new Dictionary<string, JsonNode>();
        for (var calls = 0; calls < 200; calls++)
        {
            var page = await (await client.GetAsync($"/api/v1/sync?limit={limit}" + (token is null ? "" : $"&since={token}")))
                .Expect(HttpStatusCode.OK);
            foreach (var item in page["data"]!.AsArray())
            {
                items[(string)item!["id"]!] = item;
            }
            token = (string)page["meta"]!["nextToken"]!;
            if (!(bool)page["meta"]!["hasMore"]!)
            {
                return (items, token);
            }
        }
        throw new InvalidOperationException("Sync never caught up.");
    }

    private Task<JsonNode> Published(JsonNode author, JsonNode tag) => _editor.CreateArticle(new
    {
        status = "published", publishedAt = "2024-06-19T12:04:00+07:00",
        authors = new[] { new { authorId = Id(author) } }, tags = new[] { new { tagId = Id(tag) } },
    });

    private static string Id(JsonNode node) => (string)node["id"]!;
}

public sealed class SyncTestsOnSqlite(SqliteClockFactory factory) : SyncTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class SyncTestsOnPostgres(PostgresClockFactory factory) : SyncTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;
