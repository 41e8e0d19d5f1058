using Cms.Api;
using Cms.Api.Admin;
using Cms.Api.Demo;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCmsApi();
builder.AddCmsAdminApp();
// OTLP only where a collector is named, by the standard variable (read here: the exporter is chosen at startup).
builder.Services.AddCmsTelemetry(exportOtlp: !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]));
// Every line carries its request's trace id (the one problems show); in Production, one JSON object per line.
builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
if (builder.Environment.IsProduction())
{
    builder.Logging.AddJsonConsole(o =>
    {
        o.IncludeScopes = true;
        o.UseUtcTimestamp = true;
        o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    });
}
var command = KeysCommand.Matches(args) || Cms.Api.Keys.People.UsersCommand.Matches(args) || Cms.Api.Transfer.TransferCommand.Matches(args)
    || Cms.Api.Import.WordPressCommand.Matches(args);
if (command)
{
    // A command prints its result alone on standard output (a key's secret, an export), for scripts; logs go to standard error.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();
if (KeysCommand.Matches(args))
{
    return await KeysCommand.RunAsync(app, args);
}
if (Cms.Api.Keys.People.UsersCommand.Matches(args))
{
    return await Cms.Api.Keys.People.UsersCommand.RunAsync(app, args);
}
if (Cms.Api.Transfer.TransferCommand.Matches(args))
{
    return await Cms.Api.Transfer.TransferCommand.RunAsync(app, args);
}
if (Cms.Api.Import.WordPressCommand.Matches(args))
{
    return await Cms.Api.Import.WordPressCommand.RunAsync(app, args);
}
app.UseCmsApi();
await app.PrepareDatabaseAsync();
await app.HintFirstKeyAsync();
await app.SeedDemoContentAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
