using System.Diagnostics;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// A throwaway S3-compatible server for the S3 media store: CMS_TEST_S3 (its endpoint URL, with a bucket named
/// <see cref="Bucket"/> and the <see cref="AccessKey"/>/<see cref="SecretKey"/> credentials) when set, else s3rver
/// (npm, pinned in tests/s3-server; installed there with npm ci on first use) started on a free loopback port with
/// its files in a temp folder, and stopped when the test process ends. Debian's registry here has no S3 server
/// (MinIO, Garage and SeaweedFS are not packaged); s3rver speaks the S3 REST API over plain files.
/// </summary>
public static class TestS3
{
    public const string Bucket = "cms-media";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>The endpoint URL, e.g. http://127.0.0.1:41234.</summary>
    public static Task<string> EndpointAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CMS_TEST_S3") is { Length: > 0 } given)
        {
            return given;
        }
        var folder = Path.Combine(Repository.Root, "tests", "s3-server");
        var binary = Path.Combine(folder, "node_modules", ".bin", "s3rver");
        if (!File.Exists(binary))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], folder);
        }
        var port = TestPostgres.FreePort();
        var data = Path.Combine(Path.GetTempPath(), $"cms-s3-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        TestRedis.StartWatched($"'{binary}' --silent -a 127.0.0.1 -p {port} -d '{data}' --configure-bucket {Bucket}", data);
        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                // The bucket is made as the server starts; ready once it lists it.
                var answer = await http.GetAsync($"http://127.0.0.1:{port}/{Bucket}");
                if (answer.IsSuccessStatusCode)
                {
                    return $"http://127.0.0.1:{port}";
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"s3rver did not start on port {port}.");
    }

    private static async Task RunAsync(string command, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("The S3 media tests need npm to install s3rver (or set CMS_TEST_S3).");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {folder} failed: {error}");
        }
    }
}
