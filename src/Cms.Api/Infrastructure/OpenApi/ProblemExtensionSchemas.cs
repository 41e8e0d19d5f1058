using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Adds the members features registered (<see cref="ProblemExtension"/>) to the <see cref="ApiProblem"/> schema, in name
/// order; an object or enum type becomes a component of its own, referenced.
/// </summary>
internal sealed class ProblemExtensionSchemas(IEnumerable<ProblemExtension> extensions) : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas?.TryGetValue(nameof(ApiProblem), out var found) != true || found is not OpenApiSchema problem)
        {
            return;
        }
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var extension in extensions.DistinctBy(e => e.Name).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var schema = await context.GetOrCreateSchemaAsync(extension.Type, null, cancellationToken);
            if (schema.Properties is { Count: > 0 } || schema.Enum is { Count: > 0 })
            {
                document.AddComponent(extension.Type.Name, schema);
                problem.Properties[extension.Name] = new OpenApiSchemaReference(extension.Type.Name, document) { Description = extension.Description };
            }
            else
            {
                schema.Description = extension.Description;
                problem.Properties[extension.Name] = schema;
            }
        }
    }
}
