using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Documents If-Match (required on PUT, PATCH and every operation that answers 428 without it; optional on every other
/// operation that can answer 412,
/// such as DELETE and the workflow actions) and If-None-Match, so generated clients and Swagger UI can send them.
/// </summary>
internal sealed class ConditionalHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var method = context.Description.HttpMethod;
        OpenApiParameter? header = method switch
        {
            "PUT" or "PATCH" => IfMatch(required: true),
            _ when operation.Responses?.ContainsKey("428") == true => IfMatch(required: true),
            _ when operation.Responses?.ContainsKey("412") == true => IfMatch(required: false),
            "GET" when !context.Description.ActionDescriptor.EndpointMetadata.OfType<Streamed>().Any() => new OpenApiParameter
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
        if (IsReaderDocument(context))
        {
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = "If-Modified-Since",
                In = ParameterLocation.Header,
                Description = "The Last-Modified of the copy you hold: 304 Not Modified when nothing newer came (ignored with If-None-Match).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (method == "PATCH" && operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "An RFC 7396 JSON merge patch of the resource's writable fields: every field is "
                + "optional here, null removes a field, arrays are replaced whole.";
        }
        return Task.CompletedTask;
    }

    internal static bool IsReaderDocument(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata.OfType<ReaderDocument>().Any();

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

/// <summary>
/// Documents the headers responses carry and the 304 every GET can give: an ETag on every GET's 200 (lists too: see
/// EntityTags) and on any response whose body is a versioned resource, Location on 201, Retry-After on 503.
/// </summary>
internal sealed class ResponseHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var streamed = context.Description.ActionDescriptor.EndpointMetadata.OfType<Streamed>().Any();
        var isGet = context.Description.HttpMethod == "GET" && !streamed;
        if (isGet && operation.Responses is { } all && !all.ContainsKey("304"))
        {
            all["304"] = new OpenApiResponse
            {
                Description = ConditionalHeadersTransformer.IsReaderDocument(context)
                    ? "Not Modified: the If-None-Match ETag is still current, or nothing is newer than If-Modified-Since."
                    : "Not Modified: the If-None-Match ETag is still current.",
            };
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }
            if (status == "503")
            {
                Add(concrete, "Retry-After", "Seconds to wait before trying again.",
                    new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" });
            }
            var versioned = context.Description.SupportedResponseTypes.Any(r => r.StatusCode.ToString() == status
                && r.Type?.IsAssignableTo(typeof(IVersionedResponse)) == true);
            if (status is "200" or "201" && (isGet || versioned))
            {
                Add(concrete, "ETag", "The version of the response; send it back in If-Match or If-None-Match.",
                    new OpenApiSchema { Type = JsonSchemaType.String });
            }
            if (status == "200" && ConditionalHeadersTransformer.IsReaderDocument(context))
            {
                Add(concrete, "Last-Modified", "The newest publication or change in the document (an HTTP date); send it back in If-Modified-Since.",
                    new OpenApiSchema { Type = JsonSchemaType.String }, required: false);
            }
            if (status == "301")
            {
                concrete.Description = "Moved Permanently: the slug was the resource's before; Location names it by the current one.";
                Add(concrete, "Location", "The resource by its current slug.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
            }
            if (status == "201")
            {
                Add(concrete, "Location", "The URL of the created resource.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
            }
        }
        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponse response, string name, string description, OpenApiSchema schema, bool required = true)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Required = required, Schema = schema };
    }
}

/// <summary>
/// Lists a parameter's allowed values (<see cref="AllowedValuesAttribute"/> on it, or on its property of an
/// <c>[AsParameters]</c> record) as its schema's enum, so a typed client refuses a misspelt one; and gives an
/// <see cref="InstantTextAttribute"/> parameter its two formats.
/// </summary>
internal sealed class ParameterSchemasTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == description.Name)?.Schema is not OpenApiSchema schema)
            {
                continue;
            }
            var allowed = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo
                .GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true).OfType<AllowedValuesAttribute>().FirstOrDefault();
            if (allowed is not null)
            {
                schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
            }
            if ((description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo
                .IsDefined(typeof(InstantTextAttribute), inherit: true) == true)
            {
                schema.AnyOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                ];
            }
        }
        return Task.CompletedTask;
    }
}
