using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Operations;

/// <summary>
/// The app as a process, as an orchestrator runs it: on SIGTERM it stops taking connections, finishes the request in
/// flight, commits it, and exits 0.
/// </summary>
public sealed class ShutdownTests
{
    private const string Key = "shutdown-test-admin-key-0123456789abcdef";

    [Fact]
    public async Task On_SIGTERM_the_request_in_flight_is_finished_and_committed_and_the_process_exits_0()
    {
        var folder = Directory.CreateTempSubdirectory("cms-tests-shutdown-").FullName;
        var port = TestPostgres.FreePort();
        var database = Path.Combine(folder, "cms.db");
        using var app = Start(folder, port, database);
        var log = new StringBuilder();
        var requestStarted = new TaskCompletionSource();
        var listening = new TaskCompletionSource();
        app.OutputDataReceived += (_, line) =>
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }
            if (line.Data?.Contains("Request starting HTTP/1.1 POST", StringComparison.Ordinal) == true)
            {
                requestStarted.TrySetResult();
            }
            if (line.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        app.ErrorDataReceived += (_, line) =>
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }
        };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // A write whose body is half sent when the signal comes.
            var name = Http.Unique("sigterm");
            var body = Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}""");
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /api/v1/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {Key}\r\n"
                + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
            await stream.WriteAsync(body.AsMemory(0, 5));
            await requestStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

            using (var kill = Process.Start("kill", ["-TERM", app.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }
            await Waiting.Until(() => !Accepts(port), "the app still took new connections after SIGTERM");
            Assert.False(app.HasExited, "the app exited with a request in flight");

            await stream.WriteAsync(body.AsMemory(5));
            var answer = new byte[4096];
            var read = await stream.ReadAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.StartsWith("HTTP/1.1 201", Encoding.ASCII.GetString(answer, 0, read));

            await app.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, app.ExitCode);
            string text;
            lock (log)
            {
                text = log.ToString();
            }
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", text);
            Assert.DoesNotContain("\"LogLevel\":\"Critical\"", text);
            await using var db = new SqliteConnection($"Data Source={database}");
            await db.OpenAsync();
            await using var count = new SqliteCommand("SELECT COUNT(*) FROM \"Tags\" WHERE \"Name\" = $name", db);
            count.Parameters.AddWithValue("$name", name);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill();
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The API's own build (copied beside the tests), in Production, on SQLite in the folder.</summary>
    private static Process Start(string folder, int port, string database)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Cms.Api.dll") },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Database__Provider"] = "Sqlite",
                ["ConnectionStrings__Cms"] = $"Data Source={database}",
                ["Database__SeedDemoContent"] = "false",
                ["Media__Folder"] = Path.Combine(folder, "media"),
                ["Cms__BootstrapAdminKey"] = Key,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
                ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            },
        };
        return Process.Start(start)!;
    }
}
