using System.Xml;
using System.Xml.Linq;

namespace Cms.Api.Import;

/// <summary>One thing a WordPress export holds, in the order the file has it.</summary>
public abstract record WxrRecord;

/// <summary><c>wp:author</c>: a WordPress user (login, e-mail, display name).</summary>
public sealed record WxrAuthor(string Login, string? Email, string DisplayName) : WxrRecord;

/// <summary><c>wp:category</c>, <c>wp:tag</c> or <c>wp:term</c> (Co-Authors Plus keeps guest authors as <c>author</c> terms).</summary>
public sealed record WxrTerm(string Taxonomy, string Slug, string Name, string? Parent, string? Description) : WxrRecord;

/// <summary>An <c>item</c>: a post, page, attachment or guest author, with its terms in order and its meta.</summary>
public sealed record WxrItem(
    string PostId,
    string PostType,
    string Status,
    string Title,
    string? Link,
    string? Creator,
    string Content,
    string Excerpt,
    string? Name,
    DateTimeOffset? DateGmt,
    bool Sticky,
    string? AttachmentUrl,
    IReadOnlyList<(string Domain, string Nicename, string Name)> Terms,
    IReadOnlyDictionary<string, string> Meta) : WxrRecord;

/// <summary>
/// Reads a WordPress eXtended RSS export as a stream: one <see cref="XmlReader"/> pass, one element in memory at a time
/// (an item, an author, a term), so memory stays flat whatever the file's size. A file that is not WXR is refused on
/// its first element.
/// </summary>
public static class WxrReader
{
    private static readonly XNamespace Wp = "http://wordpress.org/export/1.2/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace ExcerptNs = "http://wordpress.org/export/1.2/excerpt/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static async IAsyncEnumerable<WxrRecord> ReadAsync(Stream input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = XmlReader.Create(input, new XmlReaderSettings
        {
            Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true,
        });
        await reader.MoveToContentAsync();
        if (reader.LocalName != "rss")
        {
            throw new NotWxrException($"the file starts with <{reader.Name}>, not a WordPress export's <rss>");
        }
        var sawWxr = false;
        await reader.ReadAsync();
        while (!reader.EOF)
        {
            ct.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Wp.NamespaceName && reader.LocalName == "wxr_version")
            {
                sawWxr = true;
            }
            else if (reader.NodeType == XmlNodeType.Element && IsRecord(reader))
            {
                if (!sawWxr)
                {
                    throw new NotWxrException("an RSS feed without wp:wxr_version: export it from WordPress (Tools, Export)");
                }
                // The element as a tree; ReadFrom leaves the reader on the node after it.
                yield return Record((XElement)await XNode.ReadFromAsync(reader, ct));
                continue;
            }
            await reader.ReadAsync();
        }
        if (!sawWxr)
        {
            throw new NotWxrException("an RSS feed without wp:wxr_version: export it from WordPress (Tools, Export)");
        }
    }

    private static bool IsRecord(XmlReader reader) =>
        reader.LocalName == "item" || (reader.NamespaceURI == Wp.NamespaceName && reader.LocalName is "author" or "category" or "tag" or "term");

    private static WxrRecord Record(XElement element) => element.Name.LocalName switch
    {
        "author" => new WxrAuthor(Text(element, Wp + "author_login"), Optional(element, Wp + "author_email"),
            Optional(element, Wp + "author_display_name") ?? Text(element, Wp + "author_login")),
        "category" => new WxrTerm("category", Text(element, Wp + "category_nicename"), Text(element, Wp + "cat_name"),
            Optional(element, Wp + "category_parent"), Optional(element, Wp + "category_description")),
        "tag" => new WxrTerm("post_tag", Text(element, Wp + "tag_slug"), Optional(element, Wp + "tag_name") ?? Text(element, Wp + "tag_slug"),
            null, Optional(element, Wp + "tag_description")),
        "term" => new WxrTerm(Text(element, Wp + "term_taxonomy"), Text(element, Wp + "term_slug"),
            Optional(element, Wp + "term_name") ?? Text(element, Wp + "term_slug"), Optional(element, Wp + "term_parent"),
            Optional(element, Wp + "term_description")),
        _ => Item(element),
    };

    private static WxrItem Item(XElement e) => new(
        Text(e, Wp + "post_id"),
        Optional(e, Wp + "post_type") ?? "post",
        Optional(e, Wp + "status") ?? "draft",
        Optional(e, "title") ?? "",
        Optional(e, "link"),
        Optional(e, Dc + "creator"),
        Optional(e, Content + "encoded") ?? "",
        Optional(e, ExcerptNs + "encoded") ?? "",
        Optional(e, Wp + "post_name"),
        Optional(e, Wp + "post_date_gmt") is { } gmt && gmt != "0000-00-00 00:00:00"
            && DateTimeOffset.TryParse(gmt + "Z", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null,
        Optional(e, Wp + "is_sticky") == "1",
        Optional(e, Wp + "attachment_url"),
        e.Elements("category").Select(c => ((string?)c.Attribute("domain") ?? "", (string?)c.Attribute("nicename") ?? "", c.Value.Trim())).ToList(),
        e.Elements(Wp + "postmeta").GroupBy(m => Optional(m, Wp + "meta_key") ?? "")
            .ToDictionary(g => g.Key, g => Optional(g.Last(), Wp + "meta_value") ?? ""));

    private static string Text(XElement e, XName name) =>
        Optional(e, name) ?? throw new FormatException($"<{e.Name.LocalName}> without <{name.LocalName}>");

    private static string? Optional(XElement e, XName name) => e.Element(name)?.Value.Trim() is { Length: > 0 } v ? v : null;
}

/// <summary>A file that is not a WordPress export: refused before anything is imported.</summary>
public sealed class NotWxrException(string message) : Exception(message);
