using System.Diagnostics;
using System.Text;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// The API's own build (copied beside the tests) run as a process, in Production, as an orchestrator runs it: for what
/// only a whole process shows (signals, the metrics a scraper reads). Its output lines are kept and can be awaited.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    public const string Key = "process-test-admin-key-0123456789abcdef";

    private readonly StringBuilder _log = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ApiProcess(Process process, int port, string folder)
    {
        Process = process;
        Port = port;
        Folder = folder;
        process.OutputDataReceived += (_, line) => Add(line.Data);
        process.ErrorDataReceived += (_, line) => Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }
    public int Port { get; }
    public string Folder { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the API on a free port with these settings on top of a SQLite database in a folder of its own.</summary>
    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("cms-tests-process-").FullName;
        var port = TestPostgres.FreePort();
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
                ["ConnectionStrings__Cms"] = $"Data Source={Path.Combine(folder, "cms.db")}",
                ["Database__SeedDemoContent"] = "false",
                ["Media__Folder"] = Path.Combine(folder, "media"),
                ["Cms__BootstrapAdminKey"] = Key,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
        };
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        var app = new ApiProcess(Process.Start(start)!, port, folder);
        await app.SeenAsync("Now listening on", TimeSpan.FromSeconds(60));
        return app;
    }

    /// <summary>Completes when an output line contains <paramref name="text"/> (at once if one did already).</summary>
    public Task SeenAsync(string text, TimeSpan within)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_log)
        {
            if (_log.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }
            _awaited.Add((text, seen));
        }
        return seen.Task.WaitAsync(within);
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
            foreach (var (text, seen) in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)))
            {
                seen.TrySetResult();
            }
        }
    }

    public HttpClient CreateClient(string? key = Key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }
        Process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
