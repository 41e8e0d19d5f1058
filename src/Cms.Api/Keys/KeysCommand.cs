using Cms.Api.Infrastructure;
using Cms.Data.Keys;

namespace Cms.Api.Keys;

/// <summary>
/// <c>dotnet run --project src/Cms.Api -- keys create --name NAME --role ROLE</c>: makes a key on the
/// configured database and prints its secret, for the first key and for automation.
/// </summary>
public static class KeysCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var name = Option(args, "--name");
        if (args.ElementAtOrDefault(1) != "create" || string.IsNullOrWhiteSpace(name)
            || !Enum.TryParse<KeyRole>(Option(args, "--role"), ignoreCase: true, out var role)
            || !Enum.IsDefined(role) || int.TryParse(Option(args, "--role"), out _))
        {
            await Console.Error.WriteLineAsync(
                "usage: keys create --name NAME --role reader|writer|editor|admin");
            return 2;
        }

        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var (key, secret) = await scope.ServiceProvider.GetRequiredService<KeyStore>()
            .CreateAsync(name.Trim(), role, CancellationToken.None);
        // The audit log has every key creation, those made here too.
        var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
        db.AuditEntries.Add(new Cms.Data.Audit.AuditEntry
        {
            At = key.CreatedAt, Resource = "key", ResourceId = key.Id, Action = "createKey", Method = "CLI", Path = "keys create",
            KeyName = $"command line ({Environment.UserName})", RequestId = "cli", Status = StatusCodes.Status201Created,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        await Console.Error.WriteLineAsync(
            $"Created {role.ToString().ToLowerInvariant()} key '{key.Name}' ({key.Id}). The secret is shown only now:");
        Console.WriteLine(secret);
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
