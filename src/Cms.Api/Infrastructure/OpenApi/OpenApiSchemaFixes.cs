using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Types with a custom JSON converter lose their schema type (timestamps) and enums come out
/// untyped; both are strings on the wire, so say so. A property left out when null
/// (<c>JsonIgnore(Condition = WhenWritingNull)</c>) is optional and, when present, never null. A problem's
/// <c>code</c> is one of <see cref="ErrorCodes"/>, and a property with <see cref="AllowedValuesAttribute"/> lists them.
/// </summary>
internal sealed class OpenApiSchemaFixes : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(DateTimeOffset))
        {
            schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }
        else if (underlying.IsEnum && schema.Enum is { Count: > 0 })
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            if (type == typeof(ApiProblem) && properties.TryGetValue("code", out var code) && code is OpenApiSchema codes)
            {
                codes.Enum = ErrorCodes.All.Select(c => (JsonNode)JsonValue.Create(c)).ToList();
            }
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true)
                        .OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed
                    && properties.TryGetValue(property.Name, out var listed) && listed is OpenApiSchema values)
                {
                    values.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
                }
            }
            foreach (var property in context.JsonTypeInfo.Properties.Where(LeftOutWhenNull))
            {
                schema.Required?.Remove(property.Name);
                if (properties.TryGetValue(property.Name, out var shown) && shown is OpenApiSchema { Type: { } shownType } inline)
                {
                    inline.Type = shownType & ~JsonSchemaType.Null;
                }
            }
        }
        return Task.CompletedTask;
    }

    private static bool LeftOutWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;
}
