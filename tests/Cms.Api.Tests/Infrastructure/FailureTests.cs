using System.Net;

namespace Cms.Api.Tests.Infrastructure;

public sealed class UnexpectedFailureTests(ThrowingCmsFactory factory) : IClassFixture<ThrowingCmsFactory>
{
    [Fact]
    public async Task An_unhandled_exception_answers_500_problem_that_shows_nothing_inside()
    {
        var response = await factory.CreateClient().GetAsync("/test/boom");

        var problem = await response.ExpectProblem(HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("secret", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InvalidOperation", problem.ToJsonString());
    }
}

public abstract class UnavailableDatabaseTests(CmsFactory factory)
{
    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/authors/slug/rina")]
    public async Task Reads_answer_503_with_retry_after_when_the_database_is_down(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Writes_answer_503_when_the_database_is_down()
    {
        var response = await factory.CreateClient().Post("/api/v1/tags", new { name = "Politik" });
        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
    }

    [Fact]
    public async Task Readiness_fails_while_liveness_holds()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed class UnavailableDatabaseTestsOnSqlite(UnavailableSqliteFactory factory)
    : UnavailableDatabaseTests(factory), IClassFixture<UnavailableSqliteFactory>;

public sealed class UnavailableDatabaseTestsOnPostgres(UnavailablePostgresFactory factory)
    : UnavailableDatabaseTests(factory), IClassFixture<UnavailablePostgresFactory>;
