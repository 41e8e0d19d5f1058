using System.ComponentModel;
using System.Text.Json.Serialization;

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 400 and 422: the offending fields or parameters and what is wrong with each.")]
    IDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 412 version_mismatch: the resource's current ETag, to read it again or overwrite it knowingly.")]
    string? CurrentETag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 409 author_in_use and asset_in_use: how many articles credit the author, or show the asset (as lead image or in the body).")]
    int? ArticleCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 409 asset_in_use: how many authors have the asset as their avatar.")]
    int? AuthorCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 423 locked: the key that holds the article's edit lock.")]
    Cms.Api.Articles.LockHolder? LockedBy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 423 locked: until when, unless its holder renews it.")]
    DateTimeOffset? LockedUntil = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("On 429 rate_limited: the budget that ran out, as the RateLimit headers name it.")]
    RateLimitPolicy? Policy = null);
