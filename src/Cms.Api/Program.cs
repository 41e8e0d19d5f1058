using Cms.Api;
using Cms.Api.Demo;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCmsApi();
if (KeysCommand.Matches(args))
{
    // The command prints the secret alone on standard output, for scripts; logs go to standard error.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();
if (KeysCommand.Matches(args))
{
    return await KeysCommand.RunAsync(app, args);
}
app.UseCmsApi();
await app.PrepareDatabaseAsync();
await app.SeedDemoContentAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
