using System.Net;

namespace Cms.Api.Tests.Articles;

public abstract class ArticleConcurrencyTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Of_two_editors_holding_the_same_etag_only_one_wins()
    {
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Asli." });
        var article = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/articles/{article["id"]}";

        var responses = await Task.WhenAll(
            factory.CreateClient().Put(url, new { title = "Versi A", body = "A" }, created.ETag()),
            factory.CreateClient().Put(url, new { title = "Versi B", body = "B" }, created.ETag()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).OrderBy(s => s));
        await responses.Single(r => r.StatusCode != HttpStatusCode.OK)
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Expect(HttpStatusCode.OK);
        var stored = await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)winner["title"], (string?)stored["title"]);
        Assert.Equal((string?)winner["body"], (string?)stored["body"]);
    }

    [Fact]
    public async Task A_stale_put_changes_nothing()
    {
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Asli." });
        var article = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/articles/{article["id"]}";
        var first = await _client.Patch(url, "{\"body\":\"Koreksi.\"}", created.ETag());
        await first.Expect(HttpStatusCode.OK);

        var problem = await (await _client.Put(url, new { title = "Tertimpa", body = "Hilang?" }, created.ETag()))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");

        Assert.Equal(first.ETag(), (string?)problem["currentETag"]);
        var stored = await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("Koreksi.", (string?)stored["body"]);
        Assert.Equal((string?)article["title"], (string?)stored["title"]);
    }

    [Fact]
    public async Task A_save_that_loses_the_race_in_the_database_answers_412_with_the_winners_etag()
    {
        var created = await _client.Post("/api/v1/articles", new { title = Http.Unique("Berita"), body = "Asli." });
        var article = await created.Expect(HttpStatusCode.Created);
        var url = $"/api/v1/articles/{article["id"]}";
        using var pause = new ReadPause((string)article["id"]!);

        // The loser reads version 1 and passes the If-Match check, then waits while the winner saves.
        var loser = factory.CreateClient().Put(url, new { title = "Versi A", body = "A" }, created.ETag());
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        var winner = await _client.Put(url, new { title = "Versi B", body = "B" }, created.ETag());
        await winner.Expect(HttpStatusCode.OK);
        pause.Release();

        var problem = await (await loser).ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        Assert.Equal(winner.ETag(), (string?)problem["currentETag"]);
        Assert.Equal("Versi B", (string?)(await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK))["title"]);
    }

    [Fact]
    public async Task Renaming_an_author_changes_the_etag_of_their_articles()
    {
        var authorResponse = await _client.Post("/api/v1/authors", new { name = Http.Unique("Rina") });
        var author = await authorResponse.Expect(HttpStatusCode.Created);
        var created = await _client.Post("/api/v1/articles", new
        {
            title = Http.Unique("Berita"), authors = new[] { new { authorId = (string)author["id"]! } },
        });
        var article = await created.Expect(HttpStatusCode.Created);

        await (await _client.Patch($"/api/v1/authors/{author["id"]}", "{\"name\":\"Rina W.\"}", authorResponse.ETag()))
            .Expect(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{article["id"]}");
        request.Headers.TryAddWithoutValidation("If-None-Match", created.ETag());
        var response = await _client.SendAsync(request);
        Assert.Equal("Rina W.", (string?)(await response.Expect(HttpStatusCode.OK))["authors"]![0]!["name"]);
        await (await _client.Put($"/api/v1/articles/{article["id"]}", new { title = "x" }, created.ETag()))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
    }
}

public sealed class ArticleConcurrencyTestsOnSqlite(SqliteCmsFactory factory) : ArticleConcurrencyTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ArticleConcurrencyTestsOnPostgres(PostgresCmsFactory factory) : ArticleConcurrencyTests(factory), IClassFixture<PostgresCmsFactory>;
