using System.ComponentModel;

namespace Cms.Api.Infrastructure;

/// <summary>
/// The shape of every error body (RFC 9457 problem details plus <c>code</c> and <c>traceId</c>).
/// Only used to describe responses in OpenAPI; the bodies themselves are written by the
/// framework's problem details service, customised in <see cref="ErrorHandling"/>.
/// </summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    string TraceId,
    [property: Description("Offending fields or parameters and what is wrong with each.")] IDictionary<string, string[]>? Errors = null);
