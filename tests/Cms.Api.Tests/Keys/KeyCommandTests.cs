using System.Diagnostics;
using System.Net;

namespace Cms.Api.Tests.Keys;

/// <summary>The README's command for the first key, run as written: its standard output is the secret alone, so a script can keep it.</summary>
public sealed class KeyCommandTests
{
    private const string Command = "dotnet run --project src/Cms.Api -v q -- keys create --name admin --role admin";

    [Fact]
    public async Task The_readmes_key_command_prints_only_a_key_that_works()
    {
        Assert.Contains(Command, await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md")));
        var folder = Directory.CreateTempSubdirectory("cms-tests-keys-").FullName;
        try
        {
            var database = $"Data Source={Path.Combine(folder, "cms.db")}";
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ConnectionStrings__Cms"] = database, ["Database__SeedDemoContent"] = "false" },
            };
            foreach (var word in Command.Split(' ').Skip(1))
            {
                start.ArgumentList.Add(word);
            }
            using var command = Process.Start(start)!;
            var output = command.StandardOutput.ReadToEndAsync();
            var error = command.StandardError.ReadToEndAsync();
            await command.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(command.ExitCode == 0, await error);

            var secret = Assert.Single((await output).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches("^cms_[A-Za-z0-9_-]{40,}$", secret);
            using var api = await ApiProcess.StartAsync(new Dictionary<string, string> { ["ConnectionStrings__Cms"] = database });
            var keys = await api.CreateClient(secret).GetAsync("/api/v1/keys");
            Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
