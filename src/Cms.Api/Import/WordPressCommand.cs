using Cms.Api.Infrastructure;
namespace Cms.Api.Import;

/// <summary>
/// <c>dotnet run --project src/Cms.Api -- import-wordpress EXPORT.xml [MORE.xml ...] [--uploads DIR] [--dry-run]</c>:
/// reads WordPress exports in turn (<see cref="WordPressImport"/>), progress on standard error, and ends with the report
/// on standard output: counts per kind, then a line per item changed or skipped. docs/import.md.
/// </summary>
public static class WordPressCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "import-wordpress";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var files = new List<string>();
        var (dryRun, uploads) = (false, (string?)null);
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--uploads" when i + 1 < args.Length:
                    uploads = args[++i];
                    break;
                case var file when !file.StartsWith("--", StringComparison.Ordinal):
                    files.Add(file);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}");
                    return 2;
            }
        }
        if (files.Count == 0)
        {
            await Console.Error.WriteLineAsync("usage: import-wordpress EXPORT.xml [MORE.xml ...] [--uploads DIR] [--dry-run]");
            return 2;
        }
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            await Console.Error.WriteLineAsync($"import-wordpress: no file {missing}");
            return 2;
        }
        if (uploads is not null && !Directory.Exists(uploads))
        {
            await Console.Error.WriteLineAsync($"import-wordpress: no folder {uploads}");
            return 2;
        }
        await app.MigrateDatabaseAsync();
        var import = new WordPressImport(app.Services, Console.Error) { DryRun = dryRun, Uploads = uploads };
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var file in files)
        {
            try
            {
                await import.RunAsync(() => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true),
                    CancellationToken.None);
            }
            catch (Exception e) when (e is NotWxrException or System.Xml.XmlException or FormatException)
            {
                await Console.Error.WriteLineAsync($"\nimport-wordpress: {file} is refused: {e.Message}");
                return 1;
            }
        }
        await Console.Error.WriteLineAsync($"\n{(dryRun ? "Dry run (nothing written)" : "Imported")} in {started.Elapsed.TotalSeconds:0.0} s.");
        foreach (var (what, count) in import.Report.Counts)
        {
            Console.WriteLine($"{count,8}  {what}");
        }
        foreach (var line in import.Report.Lines)
        {
            Console.WriteLine(line);
        }
        return 0;
    }
}
