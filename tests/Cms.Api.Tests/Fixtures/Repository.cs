namespace Cms.Api.Tests.Fixtures;

public static class Repository
{
    /// <summary>The folder of Cms.sln, above the tests' build output.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cms.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cms.sln not found above " + AppContext.BaseDirectory);
    }
}
