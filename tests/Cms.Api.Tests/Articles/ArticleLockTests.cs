using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Site;

namespace Cms.Api.Tests.Articles;

/// <summary>Edit locks: advisory, five minutes, renewed by taking again, 423 for another key, released by the holder's save.</summary>
public abstract class ArticleLockTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _admin = factory.CreateClient();

    private async Task<(HttpClient Client, JsonNode Key)> Editor(string name)
    {
        var key = await (await _admin.Post("/api/v1/keys", new { name = Http.Unique(name), role = "editor" })).Expect(HttpStatusCode.Created);
        return (factory.CreateClient((string)key["secret"]!), key);
    }

    private static Task<HttpResponseMessage> Lock(HttpClient client, string id, bool takeover = false) =>
        client.Send(HttpMethod.Post, $"/api/v1/articles/{id}/lock{(takeover ? "?takeover=true" : "")}");

    [Fact]
    public async Task Another_key_is_told_who_holds_the_lock_and_until_when_and_may_take_it_over()
    {
        var (ayu, ayuKey) = await Editor("Ayu");
        var (budi, budiKey) = await Editor("Budi");
        var id = (string)(await ayu.CreateArticle())["id"]!;

        var held = await (await Lock(ayu, id)).Expect(HttpStatusCode.OK);
        Assert.Equal(((string?)ayuKey["id"], (string?)ayuKey["name"]), ((string?)held["keyId"], (string?)held["keyName"]));
        var until = DateTimeOffset.Parse((string)held["expiresAt"]!);
        Assert.Equal(factory.Clock.GetUtcNow().AddMinutes(5), until, TimeSpan.FromSeconds(1));

        var refused = await (await Lock(budi, id)).ExpectProblem((HttpStatusCode)423, "locked");
        Assert.Equal(((string?)ayuKey["id"], (string?)ayuKey["name"]), ((string?)refused["lockedBy"]!["keyId"], (string?)refused["lockedBy"]!["keyName"]));
        Assert.Equal(until, DateTimeOffset.Parse((string)refused["lockedUntil"]!));
        await (await budi.DeleteAsync($"/api/v1/articles/{id}/lock")).ExpectProblem((HttpStatusCode)423, "locked");
        Assert.Equal((string?)ayuKey["id"], (string?)(await (await budi.GetAsync($"/api/v1/articles/{id}/lock")).Expect(HttpStatusCode.OK))["keyId"]);

        // Renewed by taking it again; taken over explicitly.
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var renewed = await (await Lock(ayu, id)).Expect(HttpStatusCode.OK);
        Assert.Equal(until.AddMinutes(3), DateTimeOffset.Parse((string)renewed["expiresAt"]!), TimeSpan.FromSeconds(1));
        Assert.Equal((string?)held["acquiredAt"], (string?)renewed["acquiredAt"]);
        var taken = await (await Lock(budi, id, takeover: true)).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)budiKey["id"], (string?)taken["keyId"]);
        await (await Lock(ayu, id)).ExpectProblem((HttpStatusCode)423, "locked");

        await (await budi.DeleteAsync($"/api/v1/articles/{id}/lock")).Expect(HttpStatusCode.NoContent);
        await (await budi.GetAsync($"/api/v1/articles/{id}/lock")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await budi.DeleteAsync($"/api/v1/articles/{id}/lock")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_desk_reads_every_held_lock_in_one_request_and_lapsed_ones_are_not_among_them()
    {
        var (ayu, ayuKey) = await Editor("Ayu");
        var (budi, budiKey) = await Editor("Budi");
        var first = (string)(await ayu.CreateArticle())["id"]!;
        var second = (string)(await ayu.CreateArticle())["id"]!;
        await (await Lock(ayu, first)).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await Lock(budi, second)).Expect(HttpStatusCode.OK);

        var held = (await (await budi.GetAsync("/api/v1/articles/locks")).Expect(HttpStatusCode.OK)).AsArray()
            .Where(l => (string?)l!["articleId"] == first || (string?)l!["articleId"] == second)
            .Select(l => ((string?)l!["articleId"], (string?)l["keyName"])).ToList();
        Assert.Equal([(first, (string?)ayuKey["name"]), (second, (string?)budiKey["name"])], held);

        // Ayu's lapses first; Budi's is still held.
        factory.Clock.Advance(TimeSpan.FromMinutes(4).Add(TimeSpan.FromSeconds(1)));
        var now = (await (await budi.GetAsync("/api/v1/articles/locks")).Expect(HttpStatusCode.OK)).AsArray()
            .Select(l => (string?)l!["articleId"]).ToList();
        Assert.DoesNotContain(first, now);
        Assert.Contains(second, now);
        await (await factory.CreateAnonymousClient().GetAsync("/api/v1/articles/locks")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_lock_lapses_after_five_minutes_and_the_holders_save_releases_it_but_never_replaces_if_match()
    {
        var (ayu, _) = await Editor("Ayu");
        var (budi, budiKey) = await Editor("Budi");
        var id = (string)(await ayu.CreateArticle())["id"]!;
        await (await Lock(ayu, id)).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(1)));
        await (await ayu.GetAsync($"/api/v1/articles/{id}/lock")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal((string?)budiKey["id"], (string?)(await (await Lock(budi, id)).Expect(HttpStatusCode.OK))["keyId"]);

        // Advisory: another key's save is judged by If-Match alone; a stale one is 412 whoever holds the lock.
        var stale = (await ayu.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await budi.Patch($"/api/v1/articles/{id}", new { title = "Versi Budi" }, stale)).Expect(HttpStatusCode.OK);
        await (await ayu.Patch($"/api/v1/articles/{id}", new { title = "Versi Ayu" }, stale))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        // Budi's save released Budi's lock.
        await (await budi.GetAsync($"/api/v1/articles/{id}/lock")).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        // A save by a key that does not hold the lock leaves it.
        await (await Lock(budi, id)).Expect(HttpStatusCode.OK);
        var etag = (await ayu.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await ayu.Patch($"/api/v1/articles/{id}", new { title = "Versi Ayu" }, etag)).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)budiKey["id"], (string?)(await (await ayu.GetAsync($"/api/v1/articles/{id}/lock")).Expect(HttpStatusCode.OK))["keyId"]);

        // Gone with the article.
        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        await (await budi.GetAsync($"/api/v1/articles/{id}/lock")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Of_keys_asking_for_a_free_lock_at_once_exactly_one_gets_it()
    {
        var id = (string)(await _admin.CreateArticle())["id"]!;
        var editors = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            editors.Add((await Editor($"Editor {i}")).Client);
        }
        var answers = await Task.WhenAll(editors.Select(e => Lock(e, id)));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(a => a.StatusCode == (HttpStatusCode)423));
    }

    [Fact]
    public async Task Locks_are_for_keys_that_edit_and_for_articles_that_exist()
    {
        var id = (string)(await _admin.CreateArticle())["id"]!;
        await (await Lock(_admin, Guid.NewGuid().ToString())).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.DeleteAsync($"/api/v1/articles/{Guid.NewGuid()}/lock")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await Lock(factory.CreateClient(await factory.CreateKey("reader")), id)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await Lock(factory.CreateAnonymousClient(), id)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/lock?takeover=perhaps"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter");
        await (await Lock(factory.CreateClient(await factory.CreateKey("writer")), id)).Expect(HttpStatusCode.OK);
    }
}

public sealed class ArticleLockTestsOnSqlite(SqliteDistributionFactory factory)
    : ArticleLockTests<SqliteDistributionFactory>(factory), IClassFixture<SqliteDistributionFactory>;

public sealed class ArticleLockTestsOnPostgres(PostgresDistributionFactory factory)
    : ArticleLockTests<PostgresDistributionFactory>(factory), IClassFixture<PostgresDistributionFactory>;
