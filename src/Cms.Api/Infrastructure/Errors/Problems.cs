using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cms.Api.Infrastructure;

/// <summary>Builds the problem results handlers return; status, title and code always agree.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(
        int status, string code, string detail, IDictionary<string, string[]>? errors = null,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string resource) =>
        Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"No {resource} with that id or slug exists.");

    public static ProblemHttpResult InvalidParameters(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidParameter,
            "One or more query or path parameters are invalid.", errors);

    public static ProblemHttpResult ValidationFailed(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ValidationFailed,
            "The request breaks one or more rules.", errors);
}

/// <summary>
/// Thrown where a handler cannot return a result itself (parameter binding); the exception
/// handler turns it into the same problem a handler would have returned.
/// </summary>
public sealed class RequestProblemException(
    int status, string code, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, string[]>? Errors { get; } = errors;
}
