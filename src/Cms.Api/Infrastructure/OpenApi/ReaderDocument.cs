namespace Cms.Api.Infrastructure;

/// <summary>
/// Marks a document for readers (feeds, sitemaps): the readers' view whatever the key, with a Last-Modified that
/// If-Modified-Since is answered by. The OpenAPI document says so on each such operation.
/// </summary>
public sealed class ReaderDocument
{
    public static readonly ReaderDocument Instance = new();

    private ReaderDocument()
    {
    }
}
