using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Infrastructure;

/// <summary>
/// The single table from failures to problems: binding errors, concurrency conflicts, unique and
/// foreign-key violations, an unreachable database, and anything unexpected (a bare 500).
/// </summary>
public sealed partial class ExceptionToProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = Map(exception);
        context.Response.StatusCode = problem.Status;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        var details = ToDetails(problem);
        if (exception is DbUpdateConcurrencyException conflict && await CurrentETagAsync(conflict, cancellationToken) is { } current)
        {
            details.Extensions["currentETag"] = current;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = details,
        });
    }

    /// <summary>
    /// The version a concurrent save left, as the pre-check's 412 gives it (<see cref="Preconditions.CheckIfMatch"/>):
    /// read after the failed save rolled back. None when the row is gone, or the database cannot say.
    /// </summary>
    private static async Task<string?> CurrentETagAsync(DbUpdateConcurrencyException conflict, CancellationToken ct)
    {
        if (conflict.Entries.FirstOrDefault(e => e.Entity is Cms.Data.Infrastructure.IVersioned) is not { } entry)
        {
            return null;
        }
        try
        {
            var values = await entry.GetDatabaseValuesAsync(ct);
            return values?[nameof(Cms.Data.Infrastructure.IVersioned.Version)] is long version ? Preconditions.ETag(version) : null;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }

    private static RequestProblemException Map(Exception exception) => exception switch
    {
        RequestProblemException p => p,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new(413, ErrorCodes.PayloadTooLarge, "The request body is too large."),
        BadHttpRequestException bad => BindingFailure(bad),
        Cms.Data.Infrastructure.SlugReservedException reserved =>
            new(409, ErrorCodes.SlugReserved,
                $"The slug '{reserved.Slug}' belonged to another {reserved.Resource}: reads by it lead there, so it stays that {reserved.Resource}'s.",
                new Dictionary<string, string[]> { ["slug"] = ["Reserved: another " + reserved.Resource + " had this slug before."] }),
        DbUpdateConcurrencyException =>
            new(412, ErrorCodes.VersionMismatch,
                "The resource was changed by someone else while this request ran. Fetch it again and retry."),
        DbUpdateException db when DatabaseErrors.IsUniqueViolation(db, out var slug) => slug
            ? new(409, ErrorCodes.SlugTaken, "The slug is already taken.",
                new Dictionary<string, string[]> { ["slug"] = ["The slug is already taken."] })
            : new(409, ErrorCodes.Conflict, "The request conflicts with the current state of the resource."),
        DbUpdateException db when DatabaseErrors.IsForeignKeyViolation(db) =>
            new(409, ErrorCodes.Conflict,
                "A referenced author, tag or asset was changed or deleted at the same time. Fetch it again and retry."),
        _ when DatabaseErrors.IsUnavailable(exception) =>
            new(503, ErrorCodes.DatabaseUnavailable, "The database is unavailable. Retry shortly."),
        _ => new(500, ErrorCodes.InternalError, "Something went wrong on our side. The traceId identifies it in the logs."),
    };

    private static Microsoft.AspNetCore.Mvc.ProblemDetails ToDetails(RequestProblemException p)
    {
        var details = p.Errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new HttpValidationProblemDetails(p.Errors);
        details.Status = p.Status;
        details.Detail = p.Message;
        details.Extensions["code"] = p.Code;
        return details;
    }

    /// <summary>Minimal APIs say which parameter failed only in the message; name it in errors.</summary>
    private static RequestProblemException BindingFailure(BadHttpRequestException bad)
    {
        var match = ParameterName().Match(bad.Message);
        var name = match.Success
            ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value)
            : "request";
        return new(400, ErrorCodes.InvalidParameter, $"The parameter '{name}' is missing or not valid.",
            new Dictionary<string, string[]> { [name] = ["The value is missing or cannot be parsed."] });
    }

    [GeneratedRegex("parameter \"(?:[^\"]*\\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
