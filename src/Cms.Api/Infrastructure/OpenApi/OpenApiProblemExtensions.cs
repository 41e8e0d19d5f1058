namespace Cms.Api.Infrastructure;

public static class OpenApiProblemExtensions
{
    /// <summary>Documents the problem+json responses an endpoint or group can give.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(
                status, typeof(ApiProblem), ["application/problem+json"]));
        }
        return builder;
    }

    /// <summary>Documents the 301 a read by a slug the resource had before gives (<see cref="SlugMoves"/>).</summary>
    public static TBuilder ProducesSlugMoved<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status301MovedPermanently, typeof(SlugMoved), ["application/json"]));
}
