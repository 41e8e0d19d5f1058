using System.Net;

namespace Cms.Api.Tests.Keys;

/// <summary>Keys that expire, and keys given a new secret with the old one accepted for a grace period.</summary>
public abstract class KeyLifetimeTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _admin = factory.CreateClient();

    private Task<HttpResponseMessage> Read(string secret) => factory.CreateClient(secret).GetAsync("/api/v1/articles?status=draft");

    [Fact]
    public async Task An_expired_key_is_refused_with_a_problem_that_says_so()
    {
        var expires = factory.Clock.GetUtcNow().AddHours(1);
        var key = await (await _admin.Post("/api/v1/keys", new { name = Http.Unique("magang"), role = "writer", expiresAt = expires }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(expires, DateTimeOffset.Parse((string)key["expiresAt"]!), TimeSpan.FromMilliseconds(1));
        var listed = await (await _admin.GetAsync("/api/v1/keys?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)key["expiresAt"], (string?)listed["data"]!.AsArray().Single(k => (string?)k!["id"] == (string?)key["id"])!["expiresAt"]);
        await (await Read((string)key["secret"]!)).Expect(HttpStatusCode.OK);

        factory.Clock.Advance(TimeSpan.FromHours(2));
        var problem = await (await Read((string)key["secret"]!)).ExpectProblem(HttpStatusCode.Unauthorized, "key_expired");
        Assert.Contains("expired", (string?)problem["detail"]);
        // Not even on an open read: a client learns at once.
        await (await factory.CreateClient((string)key["secret"]!).GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.Unauthorized, "key_expired");
        // An unknown key is still just unknown.
        await (await Read("cms_not-a-key")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

        await (await _admin.Post("/api/v1/keys", new { name = "lalu", role = "reader", expiresAt = factory.Clock.GetUtcNow().AddMinutes(-1) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "expiresAt");
    }

    [Fact]
    public async Task A_rotated_key_takes_a_new_secret_and_the_old_one_lasts_its_grace()
    {
        var key = await (await _admin.Post("/api/v1/keys", new { name = Http.Unique("frontend"), role = "reader" })).Expect(HttpStatusCode.Created);
        var (id, old) = ((string)key["id"]!, (string)key["secret"]!);
        var rotated = await (await _admin.Send(HttpMethod.Post, $"/api/v1/keys/{id}/rotate?graceMinutes=30")).Expect(HttpStatusCode.OK);
        var fresh = (string)rotated["secret"]!;
        Assert.NotEqual(old, fresh);
        Assert.Equal((id, "reader", (string?)key["name"]), ((string?)rotated["id"], (string?)rotated["role"], (string?)rotated["name"]));
        Assert.Equal(factory.Clock.GetUtcNow().AddMinutes(30), DateTimeOffset.Parse((string)rotated["previousSecretValidUntil"]!), TimeSpan.FromSeconds(1));

        await (await Read(old)).Expect(HttpStatusCode.OK);
        await (await Read(fresh)).Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await Read(old)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await Read(fresh)).Expect(HttpStatusCode.OK);

        // Without grace the old secret goes at once; a revoked key is not brought back by a rotation.
        var again = (string)(await (await _admin.Send(HttpMethod.Post, $"/api/v1/keys/{id}/rotate?graceMinutes=0")).Expect(HttpStatusCode.OK))["secret"]!;
        await (await Read(fresh)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await Read(again)).Expect(HttpStatusCode.OK);
        await (await _admin.DeleteAsync($"/api/v1/keys/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/keys/{id}/rotate")).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Read(again)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/keys/{Guid.NewGuid()}/rotate")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/keys/{id}/rotate?graceMinutes=20000"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "graceMinutes");
        var writer = factory.CreateClient(await factory.CreateKey("editor"));
        await (await writer.Send(HttpMethod.Post, $"/api/v1/keys/{id}/rotate")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}

public sealed class KeyLifetimeTestsOnSqlite(SqliteClockFactory factory)
    : KeyLifetimeTests<SqliteClockFactory>(factory), IClassFixture<SqliteClockFactory>;

public sealed class KeyLifetimeTestsOnPostgres(PostgresClockFactory factory)
    : KeyLifetimeTests<PostgresClockFactory>(factory), IClassFixture<PostgresClockFactory>;
