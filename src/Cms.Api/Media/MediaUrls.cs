using Microsoft.Extensions.Options;

namespace Cms.Api.Media;

/// <summary>
/// Where media is served: <c>/media/{key}</c> under <see cref="MediaOptions.PublicBaseUrl"/> (a CDN, or the API's public
/// origin), else under the origin the request came to (after the proxy headers), so every media URL a response gives is
/// absolute and a frontend on another origin uses it as it is. Rows keep the path alone; <see cref="Variants"/> makes it
/// absolute where a response leaves. With no request (a background job) and no base, the path stays as it is.
/// </summary>
public sealed class MediaUrls(IOptions<MediaOptions> options, IHttpContextAccessor http)
{
    public const string PathPrefix = "/media/";

    /// <summary>The URL of a stored file by its key.</summary>
    public string Of(string key) => Absolute(PathPrefix + key);

    /// <summary>A media path as rows keep it (<c>/media/…</c>) made absolute; any other URL (an external image) as it is.</summary>
    public string Absolute(string url) => url.StartsWith(PathPrefix, StringComparison.Ordinal) ? Base() + url : url;

    private string Base()
    {
        if (options.Value.PublicBaseUrl is { } configured)
        {
            return configured.TrimEnd('/');
        }
        return http.HttpContext?.Request is { } request ? $"{request.Scheme}://{request.Host}{request.PathBase}" : "";
    }
}
