using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL server for the test run: CMS_TEST_POSTGRES when set, else a cluster
/// made with initdb in a temp folder, started on a free loopback port and removed at exit.
/// Each test class gets a database of its own on it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await Server.Value;
        var name = $"cms_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return given;
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL tests need a server: set CMS_TEST_POSTGRES to a connection string, or install "
            + "PostgreSQL (apt-get install -y postgresql) so the tests can start a throwaway one.");
        RemoveStoppedClusters();
        var root = Path.Combine(Path.GetTempPath(), $"cms-pg-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root; the cluster belongs to the postgres user.
            await RunAsync("chown", "postgres:postgres", root);
        }
        var port = FreePort();
        await RunPostgresToolAsync(asRoot, Path.Combine(bin, "initdb"),
            "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        await RunPostgresToolAsync(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "log"),
            "-w", "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start");

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunPostgresToolAsync(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
                .Wait(TimeSpan.FromSeconds(20));
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Leftovers in /tmp are harmless; the next run uses a new folder.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=20";
    }

    /// <summary>
    /// The test host may be ended before its exit handler has removed the folder; clusters of
    /// earlier runs that are no longer running (no postmaster.pid) are removed here instead.
    /// </summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "cms-pg-*"))
        {
            if (!File.Exists(Path.Combine(dir, "data", "postmaster.pid")))
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another run may be removing it too.
                }
            }
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPostgresToolAsync(bool asRoot, string tool, params string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. args]) : RunAsync(tool, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
