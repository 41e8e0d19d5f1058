namespace Cms.Api.Infrastructure;

/// <summary>
/// Whether a request brings credentials: an API key (<c>Authorization</c>) or a staff session's cookie. A request that
/// brings none is an anonymous reader's, which the output cache may answer and shared caches may keep; any other is
/// answered for its caller alone.
/// </summary>
public static class Credentials
{
    /// <summary>The cookie of a signed-in person's session (docs/people.md).</summary>
    public const string SessionCookie = "cms_session";

    public static bool Carried(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Cookies.ContainsKey(SessionCookie);
}
