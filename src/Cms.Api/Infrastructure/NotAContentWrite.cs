namespace Cms.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: a POST that writes no content (a batch of views). The audit log leaves it out; the cache has
/// nothing to move for it.
/// </summary>
public sealed class NotAContentWrite
{
    public static readonly NotAContentWrite Instance = new();
}
