using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>The app with its log lines collected (at the levels its configuration sets), to read what they say.</summary>
public sealed class LoggedSqliteFactory : SqliteCmsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddFakeLogging());
    }
}

/// <summary>No key, secret, preview token or reporter's e-mail in any log line, even when things go wrong.</summary>
public sealed class LogSecrecyTests(LoggedSqliteFactory factory) : IClassFixture<LoggedSqliteFactory>
{
    [Fact]
    public async Task No_secret_or_personal_data_reaches_a_log_line()
    {
        var admin = factory.CreateClient();
        var collector = factory.Services.GetFakeLogCollector();
        var key = await (await admin.Post("/api/v1/keys", new { name = Http.Unique("desk"), role = "editor" })).Expect(HttpStatusCode.Created);
        var secret = (string)key["secret"]!;
        var rotated = (string)(await (await admin.Send(HttpMethod.Post, $"/api/v1/keys/{key["id"]}/rotate")).Expect(HttpStatusCode.OK))["secret"]!;
        var editor = factory.CreateClient(rotated);
        var email = $"rina.{Guid.NewGuid():N}@contoh.id";
        var author = await editor.CreateAuthor(extra: new { email });
        var draft = await editor.CreateArticle(new { authors = new[] { new { authorId = (string)author["id"]! } } });
        var token = (string)(await (await editor.PostAsync($"/api/v1/articles/{draft["id"]}/preview", null)).Expect(HttpStatusCode.OK))["token"]!;
        await (await factory.CreateAnonymousClient().GetAsync($"/api/v1/articles/{draft["id"]}?preview={Uri.EscapeDataString(token)}"))
            .Expect(HttpStatusCode.OK);
        const string guessed = "cms_guessed-0123456789abcdefghijklmnopqrstuv";
        await (await factory.CreateClient(guessed).GetAsync("/api/v1/articles")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await editor.Post("/api/v1/articles", "{\"title\": ")).ExpectProblem(HttpStatusCode.BadRequest, "malformed_json");

        var lines = collector.GetSnapshot().Select(r => $"{r.Category} {r.Message} {r.Exception} {string.Join(' ', r.StructuredState ?? [])}").ToList();
        Assert.NotEmpty(lines);
        foreach (var hidden in new[] { CmsFactory.AdminKey, secret, rotated, guessed, email, token })
        {
            Assert.DoesNotContain(lines, l => l.Contains(hidden, StringComparison.Ordinal));
        }
    }
}
