using System.Diagnostics;

namespace Cms.Api.Tests.Import;

/// <summary>import-wordpress on the command line, as docs/import.md runs it: the report on standard output, the exit codes.</summary>
public sealed class WordPressCommandTests
{
    [Fact]
    public async Task The_command_imports_a_file_prints_its_report_refuses_a_file_that_is_not_wxr_and_says_how_to_call_it()
    {
        var folder = Directory.CreateTempSubdirectory("cms-tests-wordpress-").FullName;
        try
        {
            var database = $"Data Source={Path.Combine(folder, "cms.db")}";
            var export = Path.Combine(folder, "export.xml");
            await File.WriteAllTextAsync(export, WordPressImportTests.Export("cli",
                WordPressImportTests.Post("1", "post", "publish", "Putin Tiba", "putin-tiba", creator: "dodocli"),
                WordPressImportTests.Post("2", "page", "publish", "Tentang", "tentang")));

            var (code, output, error) = await RunAsync(database, "import-wordpress", export);
            Assert.True(code == 0, error);
            Assert.Matches(@"(?m)^\s+1  posts published$", output);
            Assert.Matches(@"(?m)^\s+1  pages \(skipped\)$", output);
            (code, output, _) = await RunAsync(database, "import-wordpress", export, "--dry-run");
            Assert.Equal(0, code);
            Assert.Matches(@"(?m)^\s+1  posts already imported$", output);

            var html = Path.Combine(folder, "page.html");
            await File.WriteAllTextAsync(html, "<html><body>Bukan ekspor</body></html>");
            (code, _, error) = await RunAsync(database, "import-wordpress", html);
            Assert.Equal(1, code);
            Assert.Contains("is refused", error);
            (code, _, error) = await RunAsync(database, "import-wordpress");
            Assert.Equal(2, code);
            Assert.Contains("usage: import-wordpress", error);
            (code, _, error) = await RunAsync(database, "import-wordpress", export, "--uploads", Path.Combine(folder, "missing"));
            Assert.Equal(2, code);
            Assert.Contains("no folder", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Cms"] = database, ["Database__SeedDemoContent"] = "false" },
        };
        foreach (var word in new[] { "run", "--no-build", "--project", "src/Cms.Api", "-v", "q", "--" }.Concat(args))
        {
            start.ArgumentList.Add(word);
        }
        using var command = Process.Start(start)!;
        var output = command.StandardOutput.ReadToEndAsync();
        var error = command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (command.ExitCode, await output, await error);
    }
}
