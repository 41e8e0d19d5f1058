using System.Reflection;
using NetArchTest.Rules;

namespace Cms.Api.Tests.Architecture;

/// <summary>
/// The layers docs/architecture.md draws, held by NetArchTest: a namespace may use only the layers below its own, so
/// an inverted dependency or a cycle between features fails here, naming the types that make it.
/// </summary>
public sealed class LayerTests
{
    /// <summary>The web project's namespaces under Cms.Api, bottom up. Features in one row do not use each other.</summary>
    public static readonly string[][] ApiLayers =
    [
        ["Infrastructure"],
        ["Keys", "Delivery", "Site"],
        ["Media"],
        ["Authors", "Tags"],
        ["Articles"],
        ["Collections"],
        ["Distribution", "Sync", "Webhooks", "Audit", "Transfer", "Import", "Demo", "Admin"],
    ];

    /// <summary>The data project's core, which names none of its feature folders (entities and their configuration).</summary>
    public static readonly string[] DataCore = ["Infrastructure", "Saving"];

    public static readonly string[] DataFeatures = ["Articles", "Authors", "Tags", "Assets", "Keys", "Audit", "Webhooks", "Search", "Collections", "Live"];

    private static readonly Assembly Api = typeof(Cms.Api.ApiSetup).Assembly;
    private static readonly Assembly Data = typeof(Cms.Data.CmsDbContext).Assembly;

    public static TheoryData<string> ApiNamespaces() => [.. ApiLayers.SelectMany(row => row)];

    [Theory]
    [MemberData(nameof(ApiNamespaces))]
    public void A_namespace_of_the_api_uses_only_the_layers_below_it(string feature)
    {
        var row = Array.FindIndex(ApiLayers, r => r.Contains(feature));
        var forbidden = ApiLayers.Skip(row).SelectMany(r => r).Where(f => f != feature).Select(f => $"Cms.Api.{f}").ToArray();

        var result = Types.InAssembly(Api).That().ResideInNamespace($"Cms.Api.{feature}").Should().NotHaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, Failing(result, $"Cms.Api.{feature} uses a layer at or above its own ({string.Join(", ", forbidden)})"));
    }

    [Fact]
    public void The_platform_names_no_feature_of_the_data_project()
    {
        var forbidden = DataFeatures.Select(f => $"Cms.Data.{f}").ToArray();

        var result = Types.InAssembly(Api).That().ResideInNamespace("Cms.Api.Infrastructure").Should().NotHaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "Cms.Api.Infrastructure uses a feature of Cms.Data"));
    }

    [Theory]
    [InlineData("Infrastructure")]
    [InlineData("Saving")]
    public void The_data_core_names_no_feature(string core)
    {
        var forbidden = DataFeatures.Select(f => $"Cms.Data.{f}").ToArray();

        var result = Types.InAssembly(Data).That().ResideInNamespace($"Cms.Data.{core}").Should().NotHaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, Failing(result, $"Cms.Data.{core} uses a feature"));
    }

    [Fact]
    public void Every_namespace_of_the_api_has_its_place_in_the_layers()
    {
        var known = ApiLayers.SelectMany(r => r).Select(f => $"Cms.Api.{f}").ToHashSet();
        var namespaces = Api.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("Cms.Api.", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(3))).Distinct().ToList();

        Assert.All(namespaces, n => Assert.Contains(n, known));
    }

    private static string Failing(TestResult result, string rule) =>
        $"{rule}: {string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? [])}";
}
