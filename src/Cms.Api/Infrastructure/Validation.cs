using FluentValidation;
using FluentValidation.Results;

namespace Cms.Api.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of every <see cref="JsonBody{T}"/> argument; rule
/// violations answer 422 with <c>errors</c> keyed by JSON path (<c>authors[0].authorId</c>).
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not IJsonBody body)
            {
                continue;
            }
            var validatorType = typeof(IValidator<>).MakeGenericType(body.Value.GetType());
            if (context.HttpContext.RequestServices.GetService(validatorType) is IValidator validator)
            {
                var validationContext = new ValidationContext<object>(body.Value);
                var result = await validator.ValidateAsync(validationContext, context.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return Problems.ValidationFailed(result.ToErrors());
                }
            }
        }
        return await next(context);
    }
}

public static class ValidationExtensions
{
    public static IDictionary<string, string[]> ToErrors(this ValidationResult result) =>
        result.Errors
            .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    /// <summary>Error keys and messages name fields as the JSON does: camelCase paths.</summary>
    public static void UseJsonPropertyNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = ValidatorOptions.Global.PropertyNameResolver;
    }
}
