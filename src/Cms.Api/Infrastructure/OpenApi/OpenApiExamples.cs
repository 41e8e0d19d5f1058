using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>
/// A request body with an example that succeeds as sent, on the demo content (the quick start's database): Swagger UI
/// offers it in "Try it out", and <c>RequestExampleTests</c> sends each one and expects success.
/// </summary>
public interface IHasExample<TSelf>
{
    static abstract TSelf Example { get; }
}

/// <summary>
/// The example of a type that has one (<see cref="IHasExample{TSelf}"/>), on its schema and on each of its properties:
/// Swagger UI fills a form's fields (a multipart upload) from the properties', and a JSON body from the schema's. A
/// merge patch schema is a copy of its write schema, so it offers the same example (a whole write is a valid patch).
/// </summary>
internal sealed class ExampleSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is not null
            || !type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasExample<>)))
        {
            return Task.CompletedTask;
        }
        var json = new JsonSerializerOptions(context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value.SerializerOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        var example = JsonSerializer.SerializeToNode(type.GetProperty("Example", BindingFlags.Public | BindingFlags.Static)!.GetValue(null), type, json)!
            .AsObject();
        // An example that cannot stand alone (an upload's without its file) is given per property only.
        if (schema.Required?.All(example.ContainsKey) != false)
        {
            schema.Examples = [example];
        }
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema own && example[name] is JsonValue value)
            {
                own.Examples = [value.DeepClone()];
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Each problem response an example with the code its status means (Swagger UI would otherwise show the first code of
/// the list, malformed_json, for a 401 or a 413 too): one example per status under components, referenced.
/// </summary>
internal sealed class ProblemExamples : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response.Content?.TryGetValue("application/problem+json", out var content) != true || !int.TryParse(status, out var code))
                {
                    continue;
                }
                var (name, detail) = Example(code, operation.RequestBody is not null);
                if (!document.Components.Examples.ContainsKey(name))
                {
                    document.Components.Examples[name] = new OpenApiExample
                    {
                        Summary = $"{code} {name}",
                        Value = new JsonObject
                        {
                            ["type"] = $"https://www.rfc-editor.org/rfc/rfc9110#status.{code}",
                            ["title"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code), ["status"] = code,
                            ["detail"] = detail, ["code"] = name, ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        },
                    };
                }
                content!.Examples = new Dictionary<string, IOpenApiExample> { [name] = new OpenApiExampleReference(name, document) };
            }
        }
        return Task.CompletedTask;
    }
    private static (string Code, string Detail) Example(int status, bool hasBody) => status switch
    {
        400 when hasBody => (ErrorCodes.InvalidBody, "The field title is a number; send a string."),
        400 => (ErrorCodes.InvalidParameter, "pageSize: must be between 1 and 100."),
        401 => (ErrorCodes.Unauthorized, "Send an API key: Authorization: Bearer <key>."),
        403 => (ErrorCodes.Forbidden, "Writers may change drafts only."),
        404 => (ErrorCodes.NotFound, "No such resource."),
        409 => (ErrorCodes.Conflict, "The request conflicts with the current state of the resource."),
        410 => (ErrorCodes.Gone, "It was archived."),
        412 => (ErrorCodes.VersionMismatch, "The resource changed since the ETag you sent; read it again."),
        413 => (ErrorCodes.PayloadTooLarge, "The body is larger than allowed."),
        415 => (ErrorCodes.UnsupportedMediaType, "Send application/json."),
        422 => (ErrorCodes.ValidationFailed, "The body breaks a rule; see errors."),
        423 => (ErrorCodes.Locked, "Another key holds the edit lock."),
        428 => (ErrorCodes.PreconditionRequired, "Send If-Match with the ETag you read."),
        429 => (ErrorCodes.RateLimited, "Too many requests; try again after Retry-After seconds."),
        503 => (ErrorCodes.DatabaseUnavailable, "The database is not answering; try again after Retry-After seconds."),
        _ => (ErrorCodes.InternalError, "Something went wrong on our side; the trace id finds it in the logs."),
    };
}
