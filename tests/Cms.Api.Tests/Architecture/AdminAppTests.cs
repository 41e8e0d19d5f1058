using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cms.Api.Tests.Architecture;

/// <summary>The newsroom app's typed client is what Kiota makes of the committed openapi.yaml, and its strings exist in both languages.</summary>
public sealed partial class AdminAppTests
{
    private static readonly string App = Path.Combine(Repository.Root, "src", "Cms.Admin");

    [Fact]
    public async Task The_apps_client_is_generated_from_the_current_openapi_document()
    {
        var fresh = Directory.CreateTempSubdirectory("cms-tests-client-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(App, "generate-client.sh"), fresh])
            {
                WorkingDirectory = Repository.Root, RedirectStandardError = true, RedirectStandardOutput = true,
            };
            using var generate = Process.Start(start)!;
            var error = generate.StandardError.ReadToEndAsync();
            await generate.StandardOutput.ReadToEndAsync();
            await generate.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(generate.ExitCode == 0, await error);

            var committed = Files(Path.Combine(App, "Api"));
            var made = Files(fresh);
            Assert.Equal(made.Keys.Order(), committed.Keys.Order());
            var stale = made.Where(f => committed[f.Key] != f.Value).Select(f => f.Key).ToList();
            Assert.True(stale.Count == 0, $"Run src/Cms.Admin/generate-client.sh: {string.Join(", ", stale.Take(5))} differ.");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    [Fact]
    public void Both_languages_have_every_string_the_pages_ask_for()
    {
        var id = Strings("id");
        var en = Strings("en");
        Assert.Equal(id.Keys.Order(), en.Keys.Order());
        var asked = Directory.EnumerateFiles(App, "*.razor*", SearchOption.AllDirectories)
            .SelectMany(f => TextKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(asked);
        var missing = asked.Where(k => !id.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    private static Dictionary<string, string> Strings(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(App, "Strings", $"{language}.json")))!;

    private static Dictionary<string, string> Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText);

    /// <summary>Text["key"] and Text.Format("key", …) with a literal key (keys built at run time are checked by the e2e tests).</summary>
    [GeneratedRegex("""Text(?:\.Format\(|\[)"([a-zA-Z.]+)"[,\]]""")]
    private static partial Regex TextKey();
}
