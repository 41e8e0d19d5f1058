using Cms.Api.Infrastructure;

namespace Cms.Api.Authors;

public static class AuthorsSetup
{
    public static IServiceCollection AddCmsAuthors(this IServiceCollection services) =>
        services.AddProblemExtension<int>("articleCount", ProblemDescriptions.ArticleCount);
}
