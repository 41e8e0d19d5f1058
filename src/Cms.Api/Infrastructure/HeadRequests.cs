namespace Cms.Api.Infrastructure;

/// <summary>
/// Every GET route answers HEAD (RFC 9110 asks it; CDNs and link checkers use it): a HEAD request goes through
/// the pipeline as the GET it stands for, output cache and ETags included, and its body is thrown away.
/// </summary>
public static class HeadRequests
{
    /// <summary>Before routing, so the GET route is the one matched.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (HttpMethods.IsHead(http.Request.Method))
        {
            http.Request.Method = HttpMethods.Get;
            http.Response.Body = Stream.Null;
        }
        return next(http);
    });
}
