using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// The real app over HTTP, on a database of its own (one per test class). Only the database
/// settings are replaced; the schema comes from the migrations, as in production.
/// </summary>
public abstract class CmsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>The bootstrap admin key: clients from CreateClient() send it.</summary>
    public const string AdminKey = "test-bootstrap-admin-key-0123456789abcdef";

    public abstract string Provider { get; }

    /// <summary>A client that sends no key: an anonymous reader.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that sends the given key.</summary>
    public HttpClient CreateClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>Where a browser-like client (cookies, no key) talks to the app: https, since the session cookie is Secure outside Development.</summary>
    public virtual Uri BrowserAddress => new("https://localhost");

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The folder of the FileSystem media store: one per test class, removed with it.</summary>
    public string MediaFolder { get; } = Path.Combine(Path.GetTempPath(), "cms-tests", $"media-{Guid.NewGuid():N}");

    /// <summary>Where media is stored: a folder here; the PostgreSQL classes use S3 (<see cref="PostgresCmsFactory"/>).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MediaSettings() => [];

    /// <summary>Extra settings a test class needs (e.g. a broken database).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected abstract Task<string> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _connectionString = await CreateDatabaseAsync();
        StartServer(); // start now: migrations run here, not inside the first test
        if (Volatile.Read(ref s_contract) is null)
        {
            await s_contractLoad.WaitAsync();
            try
            {
                s_contract ??= new ResponseContract(await CreateDefaultClient().GetStringAsync("/openapi/v1.json"));
            }
            finally
            {
                s_contractLoad.Release();
            }
        }
    }

    /// <summary>The document every response is checked against (<see cref="ResponseContract"/>); one per test run.</summary>
    private static ResponseContract? s_contract;
    private static readonly SemaphoreSlim s_contractLoad = new(1, 1);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // A test class's own settings come last, so they override these.
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["Database:Provider"] = Provider,
                ["ConnectionStrings:Cms"] = ConnectionString,
                ["Database:SeedDemoContent"] = "false",
                ["Cors:AllowedOrigins:0"] = "https://web.example.com",
                ["Cms:MaxRequestBodyBytes"] = "65536",
                ["Cms:BootstrapAdminKey"] = AdminKey,
                ["Media:Folder"] = MediaFolder,
                // No background webhook dispatcher polling the database under every test (QueryCostTests count
                // commands): the webhook tests run its passes themselves, or turn it on. Their receivers are on loopback.
                ["Webhooks:Dispatch"] = "false",
                ["Webhooks:AllowPrivateTargets"] = "true",
            }).AddInMemoryCollection(MediaSettings().Concat(Settings())));
        builder.ConfigureServices(services =>
        {
            services.ConfigureDbContext<CmsDbContext>(options => options.AddInterceptors(CommandCounter.Interceptor, ReadPause.Interceptor));
            services.AddSingleton<IStartupFilter>(new ResponseContract.StartupFilter(() => Volatile.Read(ref s_contract)));
        });
    }
}

public class SqliteCmsFactory : CmsFactory
{
    public override string Provider => "Sqlite";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(MediaFolder))
        {
            Directory.Delete(MediaFolder, recursive: true);
        }
        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        foreach (var path in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            File.Delete(path);
        }
        GC.SuppressFinalize(this);
    }

    protected override Task<string> CreateDatabaseAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cms-tests");
        Directory.CreateDirectory(folder);
        return Task.FromResult($"Data Source={Path.Combine(folder, $"{Guid.NewGuid():N}.db")}");
    }
}

/// <summary>PostgreSQL, with media in the S3-compatible server of <see cref="TestS3"/>: the production pairing.</summary>
public class PostgresCmsFactory : CmsFactory
{
    private string? _s3;

    public override string Provider => "Postgres";

    protected override async Task<string> CreateDatabaseAsync()
    {
        _s3 = await TestS3.EndpointAsync();
        return await TestPostgres.CreateDatabaseAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MediaSettings() => _s3 is null ? [] :
    [
        new("Media:Store", "S3"),
        new("Media:S3:ServiceUrl", _s3),
        new("Media:S3:Bucket", TestS3.Bucket),
        new("Media:S3:AccessKey", TestS3.AccessKey),
        new("Media:S3:SecretKey", TestS3.SecretKey),
    ];
}
