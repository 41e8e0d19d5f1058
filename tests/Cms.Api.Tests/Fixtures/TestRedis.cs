using System.Diagnostics;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// A throwaway Redis for the replica tests: CMS_TEST_REDIS when set, else Debian's redis-server
/// started on a free loopback port with no persistence, and stopped when the test process ends.
/// </summary>
public static class TestRedis
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static Task<string> ConnectionStringAsync() => Server.Value;

    /// <summary>A redis-server of the test's own (always Debian's, never CMS_TEST_REDIS), which it may stop.</summary>
    public static Task<string> StartOwnAsync() => StartServerAsync();

    /// <summary>Stops a server started by <see cref="StartOwnAsync"/>, without saving, and waits until it is gone.</summary>
    public static async Task ShutdownAsync(string connectionString)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options))
        {
            try
            {
                redis.GetServers()[0].Shutdown(StackExchange.Redis.ShutdownMode.Never);
            }
            catch (StackExchange.Redis.RedisConnectionException)
            {
                // The server closes the connection as it goes.
            }
        }
        var port = options.EndPoints.OfType<System.Net.DnsEndPoint>().Select(e => e.Port)
            .Concat(options.EndPoints.OfType<System.Net.IPEndPoint>().Select(e => e.Port)).Single();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                await Task.Delay(100);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return;
            }
        }
        throw new InvalidOperationException($"redis-server on port {port} did not stop.");
    }

    private static async Task<string> StartAsync() =>
        Environment.GetEnvironmentVariable("CMS_TEST_REDIS") is { Length: > 0 } given ? given : await StartServerAsync();

    private static async Task<string> StartServerAsync()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "The replica tests need Redis: set CMS_TEST_REDIS to a connection string, or install redis-server "
                + "(apt-get install -y redis-server) so the tests can start a throwaway one.");
        var port = TestPostgres.FreePort();
        var folder = Path.Combine(Path.GetTempPath(), $"cms-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        StartWatched($"'{binary}' --port {port} --bind 127.0.0.1 --save '' --appendonly no --dir '{folder}'", folder);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return $"127.0.0.1:{port}";
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"redis-server did not start on port {port}.");
    }

    /// <summary>
    /// Starts a server (a shell command line) that a shell stops, and whose folder it removes, when this test process
    /// is gone, however the run ends (the test host may be killed without running exit handlers).
    /// </summary>
    public static void StartWatched(string commandLine, string folder)
    {
        var script = $"{commandLine} >/dev/null 2>&1 & "
            + "r=$!; trap 'kill $r 2>/dev/null; rm -rf \"$0\"' EXIT; "
            + $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done";
        Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", script, folder } });
    }
}
