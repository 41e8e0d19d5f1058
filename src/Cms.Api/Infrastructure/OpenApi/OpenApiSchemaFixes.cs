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
            // Its property's schema is made after its object's: a time left out when null is never null here either.
            var neverNull = underlying == type || (context.JsonPropertyInfo is { } property && LeftOutWhenNull(property));
            schema.Type = neverNull ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
            // The generator skips a property's [Description] when its type has a custom converter.
            schema.Description ??= context.JsonPropertyInfo?.AttributeProvider?
                .GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), inherit: true)
                .OfType<System.ComponentModel.DescriptionAttribute>().FirstOrDefault()?.Description;
        }
        else if (underlying.IsEnum && schema.Enum is { Count: > 0 })
        {
            schema.Type = JsonSchemaType.String;
            // An enum first met as a nullable property lists null among its values; the component is the names alone.
            schema.Enum = schema.Enum.Where(value => value is not null).ToList();
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
                NeverNull(properties, property.Name);
            }
            foreach (var property in context.JsonTypeInfo.Properties.Where(IsRequired))
            {
                NeverNull(properties, property.Name);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A required write field is a nullable C# property only so that a missing one answers 422 rather than
    /// failing to bind; null is refused, so the schema does not offer it.
    /// </summary>
    private static bool IsRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;

    private static void NeverNull(IDictionary<string, IOpenApiSchema> properties, string name)
    {
        if (properties.TryGetValue(name, out var shown) && shown is OpenApiSchema schema)
        {
            if (schema.Type is { } type)
            {
                schema.Type = type & ~JsonSchemaType.Null;
            }
            // A component's schema: the generator turns this flag into oneOf [null, $ref] when it puts the reference here.
            schema.Metadata?.Remove("x-is-nullable-property");
        }
    }

    private static bool LeftOutWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;
}
