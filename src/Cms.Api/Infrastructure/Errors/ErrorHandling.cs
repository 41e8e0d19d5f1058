using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Cms.Api.Infrastructure;

public static class ErrorHandling
{
    /// <summary>
    /// Every error body goes through the problem details service, so this is the one place that
    /// gives each problem its <c>code</c>, <c>traceId</c> and title, whoever produced it (a handler,
    /// the exception handler, or the status code pages for unknown routes and wrong methods).
    /// </summary>
    public static IServiceCollection AddCmsErrorHandling(this IServiceCollection services)
    {
        // Registered before AddProblemDetails so that it, not the Accept-sensitive default, writes.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = status == StatusCodes.Status404NotFound
                    && context.HttpContext.GetEndpoint() is null
                        ? ErrorCodes.RouteNotFound
                        : ErrorCodes.ForStatus(status);
            }
            problem.Detail ??= DefaultDetail(status, context.HttpContext);
            problem.Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
            // The framework titles every problem with errors "validation errors"; only 422 is one.
            problem.Title = status == StatusCodes.Status422UnprocessableEntity
                ? "One or more validation errors occurred."
                : ReasonPhrase(status).TrimEnd('.');
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<ExceptionToProblemHandler>();
        return services;
    }

    public static WebApplication UseCmsErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Bad input is the client's business, not an error worth a stack trace in the log.
            SuppressDiagnosticsCallback = context =>
                context.HttpContext.Response.StatusCode is >= 400 and < 500,
        });
        app.UseStatusCodePages();
        return app;
    }

    private static string DefaultDetail(int status, HttpContext context) => status switch
    {
        404 => context.GetEndpoint() is null
            ? $"No route matches {context.Request.Path}."
            : "The resource does not exist.",
        405 => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        413 => "The request body is too large.",
        415 => "The request's content type is not supported here.",
        500 => "Something went wrong on our side. The traceId identifies it in the logs.",
        _ => ReasonPhrase(status),
    };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? phrase + "."
            : "The request failed.";

}
