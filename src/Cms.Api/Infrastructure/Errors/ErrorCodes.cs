namespace Cms.Api.Infrastructure;

/// <summary>The stable, machine-readable <c>code</c> of each problem. Listed in docs/api.md.</summary>
public static class ErrorCodes
{
    /// <summary>Every code, as the OpenAPI document lists them for <c>ApiProblem.code</c>.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(ErrorCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

    public const string MalformedJson = "malformed_json";
    public const string InvalidBody = "invalid_body";
    public const string InvalidParameter = "invalid_parameter";
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string KeyExpired = "key_expired";
    public const string SignInFailed = "sign_in_failed";
    public const string AccountLocked = "account_locked";
    public const string CsrfFailed = "csrf_failed";
    public const string LinkInvalid = "link_invalid";
    public const string EmailTaken = "email_taken";
    public const string Forbidden = "forbidden";
    public const string InvalidPreview = "invalid_preview";
    public const string PreviewExpired = "preview_expired";
    public const string NotFound = "not_found";
    public const string Gone = "gone";
    public const string RouteNotFound = "route_not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string SlugTaken = "slug_taken";
    public const string SlugReserved = "slug_reserved";
    public const string AuthorInUse = "author_in_use";
    public const string AssetInUse = "asset_in_use";
    public const string InvalidImage = "invalid_image";
    public const string Conflict = "conflict";
    public const string PreconditionRequired = "precondition_required";
    public const string VersionMismatch = "version_mismatch";
    public const string Locked = "locked";
    public const string RateLimited = "rate_limited";
    public const string DatabaseUnavailable = "database_unavailable";
    public const string StorageUnavailable = "storage_unavailable";
    public const string ServerBusy = "server_busy";
    public const string InternalError = "internal_error";

    /// <summary>The code a bare status gets when nothing more specific was said.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => InvalidParameter,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        410 => Gone,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => VersionMismatch,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        423 => Locked,
        428 => PreconditionRequired,
        429 => RateLimited,
        503 => DatabaseUnavailable,
        _ => status >= 500 ? InternalError : "error",
    };
}
