using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>
/// A PATCH body is a merge patch of the write schema, not the write schema itself: every field is optional, a field
/// that is required on write may be left out but not nulled (the result would break the rule, 422), any other field
/// may be null (it is removed), and a nested object is merged, so it is a patch too. For each PATCH operation this
/// derives <c>XPatch</c> from the <c>XWrite</c> its body names, so the two can never disagree on a field.
/// </summary>
internal sealed class MergePatchSchemas : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        foreach (var path in document.Paths.Values)
        {
            if (path.Operations?.TryGetValue(HttpMethod.Patch, out var operation) == true
                && operation.RequestBody?.Content?.TryGetValue(MergePatch<object>.MediaType, out var content) == true
                && content.Schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                content.Schema = new OpenApiSchemaReference(PatchOf(document, id), document);
            }
        }
        // A write schema only PATCH used (no POST or PUT takes it as JSON) has its patch now, and nothing else needs it,
        // nor what only it referred to: drop what no longer has a reference, until nothing changes.
        var schemas = document.Components!.Schemas!;
        for (var dropped = true; dropped;)
        {
            using var text = new StringWriter();
            document.SerializeAsV31(new OpenApiJsonWriter(text));
            var written = text.ToString();
            var unused = schemas.Keys.Where(id => !written.Contains($"\"#/components/schemas/{id}\"", StringComparison.Ordinal)).ToList();
            unused.ForEach(id => schemas.Remove(id));
            dropped = unused.Count > 0;
        }
        return Task.CompletedTask;
    }

    private static string PatchOf(OpenApiDocument document, string id)
    {
        var schemas = document.Components!.Schemas!;
        var name = (id.EndsWith("Write", StringComparison.Ordinal) ? id[..^"Write".Length] : id) + "Patch";
        if (schemas.ContainsKey(name) || schemas[id] is not OpenApiSchema write)
        {
            return name;
        }
        var patch = (OpenApiSchema)write.CreateShallowCopy();
        var required = write.Required ?? new HashSet<string>();
        patch.Required = null;
        patch.Description = "An RFC 7396 merge patch of the writable fields: every field is optional; "
            + (required.Count == 0 ? "null removes a field" : $"{string.Join(", ", required)} cannot be null, null removes any other field")
            + "; nested objects are merged, arrays replaced whole.";
        patch.Properties = new Dictionary<string, IOpenApiSchema>();
        schemas[name] = patch;
        foreach (var (property, schema) in write.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            patch.Properties[property] = required.Contains(property) ? schema : Nullable(document, schema);
        }
        return name;
    }

    /// <summary>The property as a patch may send it: null allowed, and a nested object that has required fields as its own patch.</summary>
    private static IOpenApiSchema Nullable(OpenApiDocument document, IOpenApiSchema schema)
    {
        var nested = schema switch
        {
            OpenApiSchemaReference reference => reference,
            OpenApiSchema { OneOf: { } either } => either.OfType<OpenApiSchemaReference>().FirstOrDefault(),
            _ => null,
        };
        if (nested?.Reference.Id is { } id && document.Components!.Schemas![id] is OpenApiSchema { Required.Count: > 0 })
        {
            return new OpenApiSchema
            {
                Description = schema.Description,
                OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, new OpenApiSchemaReference(PatchOf(document, id), document)],
            };
        }
        if (schema is OpenApiSchema { Type: { } type } inline)
        {
            var copy = (OpenApiSchema)inline.CreateShallowCopy();
            copy.Type = type | JsonSchemaType.Null;
            // A map is merged too: null removes one entry.
            if (inline.AdditionalProperties is OpenApiSchema { Type: { } valueType } values)
            {
                var nullableValues = (OpenApiSchema)values.CreateShallowCopy();
                nullableValues.Type = valueType | JsonSchemaType.Null;
                copy.AdditionalProperties = nullableValues;
            }
            return copy;
        }
        return schema;
    }
}
