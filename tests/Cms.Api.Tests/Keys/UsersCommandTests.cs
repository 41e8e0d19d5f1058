using System.Diagnostics;
using System.Net;

namespace Cms.Api.Tests.Keys;

/// <summary>The first admin, made on the command line as docs/people.md writes it, then signing in to the API as a process.</summary>
public sealed class UsersCommandTests
{
    [Fact]
    public async Task Users_create_makes_an_admin_who_signs_in_and_an_invitation_link_when_no_password_is_given()
    {
        var folder = Directory.CreateTempSubdirectory("cms-tests-users-").FullName;
        try
        {
            var database = $"Data Source={Path.Combine(folder, "cms.db")}";
            var (code, output, error) = await RunAsync(database, "a long passphrase\n",
                "users", "create", "--email", "redaksi@example.com", "--name", "Redaksi", "--role", "admin", "--password-stdin");
            Assert.True(code == 0, error);
            Assert.Empty(output.Trim());
            (code, output, error) = await RunAsync(database, "",
                "users", "create", "--email", "dewi@example.com", "--name", "Dewi", "--role", "writer", "--url", "https://cms.example.com");
            Assert.True(code == 0, error);
            Assert.Matches("^https://cms.example.com/admin/password#person=[0-9a-f-]{36}&token=.+$", output.Trim());
            (code, _, error) = await RunAsync(database, "", "users", "create", "--email", "x@example.com", "--name", "X", "--role", "reader");
            Assert.Equal(2, code);
            Assert.Contains("usage: users create", error);

            using var api = await ApiProcess.StartAsync(new Dictionary<string, string> { ["ConnectionStrings__Cms"] = database });
            var session = await (await api.CreateClient(null).Post("/api/v1/session", new { email = "redaksi@example.com", password = "a long passphrase" }))
                .Expect(HttpStatusCode.OK);
            Assert.Equal("admin", (string?)session["person"]!["role"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string database, string input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Cms"] = database, ["Database__SeedDemoContent"] = "false" },
        };
        foreach (var word in new[] { "run", "--no-build", "--project", "src/Cms.Api", "-v", "q", "--" }.Concat(args))
        {
            start.ArgumentList.Add(word);
        }
        using var command = Process.Start(start)!;
        await command.StandardInput.WriteAsync(input);
        command.StandardInput.Close();
        var output = command.StandardOutput.ReadToEndAsync();
        var error = command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (command.ExitCode, await output, await error);
    }
}
