namespace Cms.Api.Infrastructure;

/// <summary>
/// A member a feature adds to the problems it writes (an RFC 9457 extension, such as <c>lockedBy</c> on a 423), so that
/// the OpenAPI document describes it on <see cref="ApiProblem"/>: each feature registers its own, the platform names none.
/// </summary>
public sealed record ProblemExtension(string Name, Type Type, string Description);

public static class ProblemExtensions
{
    /// <summary>Describes a member of type <typeparamref name="T"/> that the feature's problems may carry.</summary>
    public static IServiceCollection AddProblemExtension<T>(this IServiceCollection services, string name, string description) =>
        services.AddSingleton(new ProblemExtension(name, typeof(T), description));
}

/// <summary>A member two features' problems share, described once.</summary>
public static class ProblemDescriptions
{
    public const string ArticleCount =
        "On 409 author_in_use and asset_in_use: how many articles credit the author, or show the asset (as lead image or in the body).";
}
