using Cms.Api.Infrastructure;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Identity;

namespace Cms.Api.Keys.People;

/// <summary>
/// <c>dotnet run --project src/Cms.Api -- users create --email EMAIL --name NAME --role ROLE [--url ORIGIN] [--password-stdin]</c>:
/// makes a staff account on the configured database, for the first admin. It prints a one-time invitation link (on the
/// API's address, <c>--url</c>, default http://localhost:5080, as `dotnet run` serves), or with <c>--password-stdin</c> sets the password read
/// from standard input.
/// </summary>
public static class UsersCommand
{
    private const string Usage = "usage: users create --email EMAIL --name NAME --role writer|editor|admin [--url ORIGIN] [--password-stdin]";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "users";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var (email, name, role) = (Option(args, "--email")?.Trim(), Option(args, "--name")?.Trim(), Option(args, "--role"));
        if (args.ElementAtOrDefault(1) != "create" || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(name)
            || !Enum.TryParse<KeyRole>(role, ignoreCase: true, out var parsed) || int.TryParse(role, out _)
            || parsed is not (KeyRole.Writer or KeyRole.Editor or KeyRole.Admin))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var password = args.Contains("--password-stdin") ? (await Console.In.ReadLineAsync())?.TrimEnd('\r') : null;

        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var person = new Person { Name = name, Role = parsed, Email = email, UserName = email, CreatedAt = clock.GetUtcNow() };
        var result = password is null ? await users.CreateAsync(person) : await users.CreateAsync(person, password);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
            return 1;
        }
        // The audit log has every account made, those made here too.
        var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
        db.AuditEntries.Add(new Cms.Data.Audit.AuditEntry
        {
            At = person.CreatedAt, Resource = "person", ResourceId = person.Id, Action = "invitePerson", Method = "CLI", Path = "users create",
            KeyName = $"command line ({Environment.UserName})", RequestId = "cli", Status = StatusCodes.Status201Created,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        if (password is not null)
        {
            await Console.Error.WriteLineAsync($"Created {parsed.ToString().ToLowerInvariant()} {email} ({person.Id}); sign in at /admin.");
            return 0;
        }
        var link = await scope.ServiceProvider.GetRequiredService<PasswordLinks>().CreateAsync(person, Option(args, "--url") ?? "http://localhost:5080");
        await Console.Error.WriteLineAsync(
            $"Created {parsed.ToString().ToLowerInvariant()} {email} ({person.Id}). Open this link once, before {link.ExpiresAt:u}, to set the password:");
        Console.WriteLine(link.Url);
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
