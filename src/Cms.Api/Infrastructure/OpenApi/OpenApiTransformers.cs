using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Documents If-Match (required on PUT and PATCH; optional on every other operation that can answer 412,
/// such as DELETE and the workflow actions) and If-None-Match, so generated clients and Swagger UI can send them.
/// </summary>
internal sealed class ConditionalHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var method = context.Description.HttpMethod;
        var id = operation.OperationId ?? "";
        OpenApiParameter? header = method switch
        {
            "PUT" or "PATCH" => IfMatch(required: true),
            _ when operation.Responses?.ContainsKey("412") == true => IfMatch(required: false),
            "GET" when !id.StartsWith("list", StringComparison.Ordinal) => new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Description = "The ETag of the copy you hold: 304 Not Modified when it is still current.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            },
            _ => null,
        };
        if (header is not null)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(header);
        }
        if (method == "PATCH" && operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "An RFC 7396 JSON merge patch of the resource's writable fields: every field is "
                + "optional here, null removes a field, arrays are replaced whole.";
        }
        return Task.CompletedTask;
    }

    private static OpenApiParameter IfMatch(bool required) => new()
    {
        Name = "If-Match",
        In = ParameterLocation.Header,
        Required = required,
        Description = required
            ? "The ETag you last read (428 without it, 412 when stale), or * to overwrite whatever is there."
            : "When sent, the operation happens only if the resource still has this ETag (else 412).",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}

/// <summary>Documents the ETag and Location headers that successful responses carry.</summary>
internal sealed class ETagHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is not ("200" or "201") || response is not OpenApiResponse concrete
                || operation.OperationId?.StartsWith("list", StringComparison.Ordinal) == true)
            {
                continue;
            }
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["ETag"] = new OpenApiHeader
            {
                Description = "The version of the resource; send it back in If-Match or If-None-Match.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            if (status == "201")
            {
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = "The URL of the created resource.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Lists a parameter's allowed values (<see cref="System.ComponentModel.DataAnnotations.AllowedValuesAttribute"/> on
/// it, or on its property of an <c>[AsParameters]</c> record) as its schema's enum, so a typed client refuses a
/// misspelt one.
/// </summary>
internal sealed class AllowedValuesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var allowed = (description.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)
                ?.ParameterInfo.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.AllowedValuesAttribute), inherit: true)
                .OfType<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>().FirstOrDefault();
            if (allowed is not null
                && operation.Parameters?.FirstOrDefault(p => p.Name == description.Name)?.Schema is OpenApiSchema schema)
            {
                schema.Enum = allowed.Values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v?.ToString())!).ToList();
            }
        }
        return Task.CompletedTask;
    }
}
