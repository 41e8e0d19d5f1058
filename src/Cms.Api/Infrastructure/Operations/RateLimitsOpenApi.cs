using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>Every operation can answer 429 (the failed-key budget applies to all): documented once, here.</summary>
internal sealed class RateLimitsOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            operation.Responses ??= [];
            operation.Responses["429"] = new OpenApiResponse
            {
                Description = "Too Many Requests: a budget ran out (`policy` names it: reads without a key per address, "
                    + "reads or writes per key, failed keys per address). Retry after Retry-After seconds.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = Header("Seconds to wait before trying again.",
                        new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }),
                    ["RateLimit-Policy"] = Header(
                        "The budget that ran out, as the IETF RateLimit draft gives it: `\"writes\";q=600;w=60` (name, quota, window in seconds).",
                        new OpenApiSchema { Type = JsonSchemaType.String }),
                    ["RateLimit"] = Header(
                        "What is left of it: `\"writes\";r=0;t=42` (name, remaining, seconds until it is refilled).",
                        new OpenApiSchema { Type = JsonSchemaType.String }),
                },
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ApiProblem), document) },
                },
            };
        }
        return Task.CompletedTask;
    }

    private static OpenApiHeader Header(string description, OpenApiSchema schema) =>
        new() { Description = description, Required = true, Schema = schema };
}
