using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Cms.Api.Infrastructure;

/// <summary>
/// The shape of every error body (RFC 9457 problem details plus <c>code</c> and <c>traceId</c>); the members a feature
/// adds are its own (<see cref="ProblemExtension"/>).
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 400 and 422: the offending fields or parameters and what is wrong with each.")]
    IDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 412 version_mismatch: the resource's current ETag, to read it again or overwrite it knowingly.")]
    string? CurrentETag = null);
