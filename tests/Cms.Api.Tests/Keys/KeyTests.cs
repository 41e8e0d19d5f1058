using System.Diagnostics;
using System.Net;
using System.Text;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Keys;

public abstract class KeyTests(CmsFactory factory)
{
    private readonly HttpClient _admin = factory.CreateClient();

    [Fact]
    public async Task A_new_key_shows_its_secret_once_and_works_until_revoked()
    {
        var created = await _admin.Post("/api/v1/keys", new { name = "Desk tool", role = "editor" });
        var key = await created.Expect(HttpStatusCode.Created);
        var secret = (string)key["secret"]!;
        Assert.StartsWith("cms_", secret);
        Assert.True(secret.Length >= 47, secret);
        Assert.StartsWith((string)key["prefix"]!, secret);
        Assert.Equal("editor", (string?)key["role"]);
        Assert.Equal($"/api/v1/keys/{key["id"]}", created.Headers.Location?.ToString());

        var editor = factory.CreateClient(secret);
        await (await editor.Post("/api/v1/tags", new { name = Http.Unique("Tag") })).Expect(HttpStatusCode.Created);

        var list = await (await _admin.GetAsync("/api/v1/keys?pageSize=100")).Expect(HttpStatusCode.OK);
        var listed = list["data"]!.AsArray().Single(k => (string?)k!["id"] == (string?)key["id"])!;
        Assert.False(listed.AsObject().ContainsKey("secret"));
        Assert.DoesNotContain(secret, list.ToJsonString());
        Assert.NotNull(listed["lastUsedAt"]);
        Assert.Null(listed["revokedAt"]);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/keys/{key["id"]}")).StatusCode);
        var refused = await editor.Post("/api/v1/tags", new { name = Http.Unique("Tag") });
        await refused.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        await (await editor.GetAsync("/api/v1/tags")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var after = await (await _admin.GetAsync("/api/v1/keys?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.NotNull(after["data"]!.AsArray().Single(k => (string?)k!["id"] == (string?)key["id"])!["revokedAt"]);
    }

    [Fact]
    public async Task Secrets_are_stored_only_as_hashes()
    {
        var secret = await factory.CreateKey("reader");

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var stored = await db.ApiKeys.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(stored, k => k.Name.Contains(secret) || k.Prefix == secret
            || Encoding.UTF8.GetString(k.SecretHash).Contains(secret));
        Assert.All(stored, k => Assert.Equal(32, k.SecretHash.Length));
    }

    [Theory]
    [InlineData("Bearer cms_notarealkeyatall")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    public async Task A_bad_credential_answers_401_even_where_no_key_is_needed(string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await factory.CreateAnonymousClient().SendAsync(request);

        await response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Key_input_is_validated()
    {
        await (await _admin.Post("/api/v1/keys", new { name = "", role = "superuser" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "name", "role");
        await (await _admin.Post("/api/v1/keys", new { name = "x", role = "editor", secret = "mine" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_body", "secret");
        await (await _admin.DeleteAsync($"/api/v1/keys/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_keys_command_prints_a_working_key()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Database__Provider"] = factory.Provider,
                ["ConnectionStrings__Cms"] = factory.ConnectionString,
                ["Database__SeedDemoContent"] = "false",
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            },
        };
        foreach (var arg in new[] { typeof(Program).Assembly.Location, "keys", "create", "--name", "automation", "--role", "writer" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        var secret = output.Trim();
        Assert.StartsWith("cms_", secret);
        var writer = factory.CreateClient(secret);
        await (await writer.Post("/api/v1/articles", new { title = Http.Unique("Draf") })).Expect(HttpStatusCode.Created);
        await (await writer.Post("/api/v1/tags", new { name = "x" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        // The audit log has it: made on the command line.
        var log = await (await factory.CreateClient().GetAsync("/api/v1/audit?resource=key&pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Contains(log["data"]!.AsArray(), e => ((string?)e!["action"], (string?)e["method"], (int)e["status"]!) == ("createKey", "CLI", 201)
            && (string?)e["keyName"] is { } who && who.StartsWith("command line", StringComparison.Ordinal));
    }
}

public sealed class KeyTestsOnSqlite(SqliteCmsFactory factory) : KeyTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class KeyTestsOnPostgres(PostgresCmsFactory factory) : KeyTests(factory), IClassFixture<PostgresCmsFactory>;

/// <summary>Cms:RequireKeyForReads: even published content needs a key.</summary>
public sealed class KeysRequiredForReadsFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Cms:RequireKeyForReads", "true")];
}

public sealed class RequireKeyForReadsTests(KeysRequiredForReadsFactory factory) : IClassFixture<KeysRequiredForReadsFactory>
{
    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/authors")]
    [InlineData("/api/v1/tags/slug/politik")]
    public async Task Reads_without_a_key_answer_401(string url)
    {
        var response = await factory.CreateAnonymousClient().GetAsync(url);
        await response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Reads_with_a_reader_key_succeed()
    {
        var reader = factory.CreateClient(await factory.CreateKey("reader"));
        await (await reader.GetAsync("/api/v1/articles")).Expect(HttpStatusCode.OK);
    }
}
