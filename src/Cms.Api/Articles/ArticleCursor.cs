using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text.Json;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

/// <summary>
/// Where a page ended: the sort, the last article's sort value and its id. Opaque to clients
/// (base64url JSON). Continuing from a position, not an offset, means articles published meanwhile
/// at the top shift nothing: no duplicates, no gaps. Search results by relevance have no position
/// to continue from (a rank is not a stable key), so their cursor holds the offset of the next page.
/// </summary>
public sealed record ArticleCursor(string Sort, DateTimeOffset? At, string? Title, Guid Id, int Offset = 0)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string For(string sort, ArticleSummary last, int offset) => Encode(sort switch
    {
        "relevance" => new ArticleCursor(sort, null, null, last.Id, offset),
        "createdAt" or "-createdAt" => new ArticleCursor(sort, last.CreatedAt, null, last.Id),
        "title" or "-title" => new ArticleCursor(sort, null, last.Title, last.Id),
        _ => new ArticleCursor(sort, last.PublishedAt, null, last.Id),
    });

    public static ArticleCursor? TryParse(string? text, string sort)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            var cursor = JsonSerializer.Deserialize<ArticleCursor>(Base64Url.DecodeFromChars(text), Json);
            return cursor is not null && cursor.Sort == sort && cursor.Id != Guid.Empty && cursor.Offset >= 0 ? cursor : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Articles after this one in the list's order (undated drafts last, ties by id).</summary>
    public Expression<Func<Article, bool>> After()
    {
        var (at, title, id) = (At, Title ?? "", Id);
        return Sort switch
        {
            "-publishedAt" when at is null => a => a.PublishedAt == null && a.Id.CompareTo(id) < 0,
            "-publishedAt" => a => a.PublishedAt < at || (a.PublishedAt == at && a.Id.CompareTo(id) < 0) || a.PublishedAt == null,
            "publishedAt" when at is null => a => a.PublishedAt == null && a.Id.CompareTo(id) > 0,
            "publishedAt" => a => a.PublishedAt > at || (a.PublishedAt == at && a.Id.CompareTo(id) > 0) || a.PublishedAt == null,
            "-createdAt" => a => a.CreatedAt < at || (a.CreatedAt == at && a.Id.CompareTo(id) < 0),
            "createdAt" => a => a.CreatedAt > at || (a.CreatedAt == at && a.Id.CompareTo(id) > 0),
            "-title" => a => a.Title.CompareTo(title) < 0 || (a.Title == title && a.Id.CompareTo(id) < 0),
            _ => a => a.Title.CompareTo(title) > 0 || (a.Title == title && a.Id.CompareTo(id) > 0),
        };
    }

    private static string Encode(ArticleCursor cursor) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor, Json));
}
