using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;

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
            var validator = (IValidator?)context.HttpContext.RequestServices.GetService(validatorType);
            if (await RequestValidation.ValidateAsync(validator, body.Value, body.RuleErrors,
                    context.HttpContext.RequestAborted) is { } problem)
            {
                return problem;
            }
        }
        return await next(context);
    }
}

public static class RequestValidation
{
    /// <summary>422 with every violation, from reading and from the validator, or null when valid.</summary>
    public static async Task<ProblemHttpResult?> ValidateAsync(IValidator? validator, object value,
        IReadOnlyDictionary<string, string[]> ruleErrors, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(ruleErrors, StringComparer.Ordinal);
        if (validator is not null)
        {
            var result = await validator.ValidateAsync(new ValidationContext<object>(value), ct);
            foreach (var (key, messages) in result.ToErrors())
            {
                // A value already refused while reading was nulled; its "required" is noise.
                errors.TryAdd(key, messages);
            }
        }
        return errors.Count == 0 ? null : Problems.ValidationFailed(errors);
    }

    public static Task<ProblemHttpResult?> ValidateAsync<T>(IValidator<T> validator, Parsed<T> parsed,
        CancellationToken ct) where T : notnull =>
        ValidateAsync(validator, parsed.Value, parsed.RuleErrors, ct);
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
