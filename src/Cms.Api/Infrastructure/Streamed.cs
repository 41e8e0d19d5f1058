namespace Cms.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: the response is a stream written as things happen (a live story's server-sent events). It is never
/// cached (here or by anyone: Cache-Control no-cache), never held back to compute an ETag (so none is documented), and
/// its request is cancelled when the client goes away, unlike other reads (<c>DeliverySetup.UseCmsCaching</c>).
/// </summary>
public sealed record Streamed
{
    public static bool Is(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<Streamed>() is not null;
}

public static class StreamedExtensions
{
    /// <summary>This endpoint streams its response (<see cref="Streamed"/>).</summary>
    public static RouteHandlerBuilder AsStreamed(this RouteHandlerBuilder builder) => builder.WithMetadata(new Streamed());
}
