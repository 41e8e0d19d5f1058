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
    [Fact]
    public async Task On_SIGTERM_the_request_in_flight_is_finished_and_committed_and_the_process_exits_0()
    {
        using var app = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });

        // A write whose body is half sent when the signal comes.
        var name = Http.Unique("sigterm");
        var body = Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}""");
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {ApiProcess.Key}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body.AsMemory(0, 5));
        await app.SeenAsync("Request starting HTTP/1.1 POST", TimeSpan.FromSeconds(10));

        using (var kill = Process.Start("kill", ["-TERM", app.Process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        await Waiting.Until(() => !Accepts(app.Port), "the app still took new connections after SIGTERM");
        Assert.False(app.Process.HasExited, "the app exited with a request in flight");

        await stream.WriteAsync(body.AsMemory(5));
        var answer = new byte[4096];
        var read = await stream.ReadAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 201", Encoding.ASCII.GetString(answer, 0, read));

        await app.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, app.Process.ExitCode);
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", app.Log);
        Assert.DoesNotContain("\"LogLevel\":\"Critical\"", app.Log);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(app.Folder, "cms.db")}");
        await db.OpenAsync();
        await using var count = new SqliteCommand("SELECT COUNT(*) FROM \"Tags\" WHERE \"Name\" = $name", db);
        count.Parameters.AddWithValue("$name", name);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
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
}
