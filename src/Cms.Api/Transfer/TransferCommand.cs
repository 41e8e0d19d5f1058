using Cms.Api.Infrastructure;
using Cms.Data;

namespace Cms.Api.Transfer;

/// <summary>
/// <c>dotnet run --project src/Cms.Api -- export [FILE]</c> writes the whole site (<see cref="SiteTransfer"/>) to FILE or
/// standard output; <c>import [FILE]</c> reads one from FILE or standard input into the configured database, migrating it
/// first. Logs go to standard error.
/// </summary>
public static class TransferCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] is "export" or "import";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length > 2)
        {
            await Console.Error.WriteLineAsync("usage: export [FILE] | import [FILE]   (standard output or input without FILE)");
            return 2;
        }
        var file = args.ElementAtOrDefault(1);
        await app.MigrateDatabaseAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (args[0] == "export")
            {
                await using var output = file is null ? Console.OpenStandardOutput() : File.Create(file);
                await using var buffered = new BufferedStream(output, 1 << 16);
                await using var scope = app.Services.CreateAsyncScope();
                var records = await SiteTransfer.ExportAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(),
                    scope.ServiceProvider.GetRequiredService<Media.IMediaStore>(), buffered, CancellationToken.None);
                await Console.Error.WriteLineAsync($"Exported {records} records in {started.Elapsed.TotalSeconds:0.0} s.");
            }
            else
            {
                await using var input = file is null ? Console.OpenStandardInput() : File.OpenRead(file);
                var added = await SiteTransfer.ImportAsync(app.Services, input, CancellationToken.None);
                await Console.Error.WriteLineAsync($"Imported {added} records in {started.Elapsed.TotalSeconds:0.0} s "
                    + "(records the database had already were skipped).");
            }
            return 0;
        }
        catch (Exception e) when (e is ImportException or IOException or FormatException or System.Text.Json.JsonException
                                      or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} stopped: {e.Message} {e.InnerException?.Message}");
            return 1;
        }
    }
}
