using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Xml;
using Cms.Api.Infrastructure;

namespace Cms.Api.Distribution;

/// <summary>
/// A feed's channel and items written as RSS 2.0, Atom 1.0 and JSON Feed 1.1. Written here with XmlWriter rather than
/// System.ServiceModel.Syndication: its RSS writer has no dc:creator or Media RSS and writes name-only authors as
/// Atom elements, so every field we need would have been an extension element anyway.
/// </summary>
public static class FeedDocuments
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string MediaNs = "http://search.yahoo.com/mrss/";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    public static string Rss(FeedChannel channel, IReadOnlyList<FeedItem> items) => Xml(w =>
    {
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNs);
        w.WriteAttributeString("xmlns", "dc", null, DcNs);
        w.WriteAttributeString("xmlns", "media", null, MediaNs);
        w.WriteAttributeString("xmlns", "content", null, ContentNs);
        w.WriteStartElement("channel");
        w.WriteElementString("title", channel.Title);
        w.WriteElementString("link", channel.Link);
        w.WriteElementString("description", channel.Description);
        w.WriteElementString("language", channel.Language);
        w.WriteElementString("lastBuildDate", Rfc822(channel.Updated));
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("href", channel.Self);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", FeedFormat.Rss.MediaType);
        w.WriteEndElement();
        if (channel.Logo is { } logo)
        {
            w.WriteStartElement("image");
            w.WriteElementString("url", logo);
            w.WriteElementString("title", channel.Title);
            w.WriteElementString("link", channel.Link);
            w.WriteEndElement();
        }
        foreach (var item in items)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", item.Title);
            w.WriteElementString("link", item.Link);
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "false");
            w.WriteString(item.Guid);
            w.WriteEndElement();
            w.WriteElementString("pubDate", Rfc822(item.Published));
            w.WriteElementString("description", item.Summary);
            foreach (var author in item.Authors)
            {
                w.WriteElementString("creator", DcNs, author.Name);
            }
            foreach (var category in item.Categories)
            {
                w.WriteStartElement("category");
                if (category.Url is { } url)
                {
                    w.WriteAttributeString("domain", url);
                }
                w.WriteString(category.Name);
                w.WriteEndElement();
            }
            if (item.ContentHtml is { } html)
            {
                w.WriteStartElement("encoded", ContentNs);
                w.WriteCData(html.Replace("]]>", "]]]]><![CDATA[>"));
                w.WriteEndElement();
            }
            MediaContent(w, item.Image);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    });

    public static string Atom(FeedChannel channel, IReadOnlyList<FeedItem> items) => Xml(w =>
    {
        w.WriteStartElement("feed", AtomNs);
        w.WriteAttributeString("xmlns", "media", null, MediaNs);
        w.WriteAttributeString("xml", "lang", null, channel.Language);
        w.WriteElementString("id", AtomNs, channel.Self);
        w.WriteElementString("title", AtomNs, channel.Title);
        w.WriteElementString("subtitle", AtomNs, channel.Description);
        w.WriteElementString("updated", AtomNs, Rfc3339(channel.Updated));
        Link(w, "self", FeedFormat.Atom.MediaType, channel.Self);
        Link(w, "alternate", "text/html", channel.Link);
        // An entry without bylines takes the feed's author, which Atom then requires.
        w.WriteStartElement("author", AtomNs);
        w.WriteElementString("name", AtomNs, channel.Title);
        w.WriteEndElement();
        if (channel.Logo is { } logo)
        {
            w.WriteElementString("logo", AtomNs, logo);
        }
        foreach (var item in items)
        {
            w.WriteStartElement("entry", AtomNs);
            w.WriteElementString("id", AtomNs, item.Guid);
            w.WriteElementString("title", AtomNs, item.Title);
            Link(w, "alternate", "text/html", item.Link);
            w.WriteElementString("published", AtomNs, Rfc3339(item.Published));
            w.WriteElementString("updated", AtomNs, Rfc3339(item.Updated > item.Published ? item.Updated : item.Published));
            foreach (var author in item.Authors)
            {
                w.WriteStartElement("author", AtomNs);
                w.WriteElementString("name", AtomNs, author.Name);
                if (author.Url is { } url)
                {
                    w.WriteElementString("uri", AtomNs, url);
                }
                w.WriteEndElement();
            }
            foreach (var category in item.Categories)
            {
                w.WriteStartElement("category", AtomNs);
                w.WriteAttributeString("term", category.Slug);
                w.WriteAttributeString("label", category.Name);
                w.WriteEndElement();
            }
            w.WriteStartElement("summary", AtomNs);
            w.WriteAttributeString("type", "text");
            w.WriteString(item.Summary);
            w.WriteEndElement();
            if (item.ContentHtml is { } html)
            {
                w.WriteStartElement("content", AtomNs);
                w.WriteAttributeString("type", "html");
                w.WriteString(html);
                w.WriteEndElement();
            }
            MediaContent(w, item.Image);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    public static JsonFeed Json(FeedChannel channel, IReadOnlyList<FeedItem> items) =>
        new("https://jsonfeed.org/version/1.1", channel.Title, channel.Link, channel.Self, channel.Description, channel.Language,
            items.Select(i => new JsonFeedItem(i.Guid, i.Link, i.Title, i.Summary, i.Published,
                i.Updated > i.Published ? i.Updated : i.Published,
                i.Authors.Select(a => new JsonFeedAuthor(a.Name) { Url = a.Url }).ToList(),
                i.Categories.Select(c => c.Name).ToList(), i.Language)
            {
                ContentHtml = i.ContentHtml,
                ContentText = i.ContentHtml is null ? i.Summary : null,
                Image = i.Image?.Url,
                LeadImage = i.Image is { } image ? new JsonFeedImage(image.Url, image.Width, image.Height, image.Alt, image.Caption, image.Credit) : null,
            }).ToList())
        {
            Icon = channel.Logo,
        };

    private static void MediaContent(XmlWriter w, FeedImage? image)
    {
        if (image is null)
        {
            return;
        }
        w.WriteStartElement("content", MediaNs);
        w.WriteAttributeString("url", image.Url);
        w.WriteAttributeString("type", image.ContentType);
        w.WriteAttributeString("medium", "image");
        if (image is { Width: { } width, Height: { } height })
        {
            w.WriteAttributeString("width", width.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("height", height.ToString(CultureInfo.InvariantCulture));
        }
        if ((image.Caption ?? image.Alt) is { } text)
        {
            w.WriteStartElement("description", MediaNs);
            w.WriteAttributeString("type", "plain");
            w.WriteString(text);
            w.WriteEndElement();
        }
        if (image.Credit is { } credit)
        {
            w.WriteElementString("credit", MediaNs, credit);
        }
        w.WriteEndElement();
    }

    private static void Link(XmlWriter w, string rel, string type, string href)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    /// <summary>RFC 822 as RSS wants it, with the numeric offset: "Wed, 19 Jun 2024 12:04:00 +0700".</summary>
    public static string Rfc822(DateTimeOffset time) =>
        time.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
        + (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 with the offset: "2024-06-19T12:04:00+07:00".</summary>
    public static string Rfc3339(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>An XML document (UTF-8, declared so) as <paramref name="write"/> writes its root.</summary>
    public static string Xml(Action<XmlWriter> write)
    {
        var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, Settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        return text.ToString();
    }

    // The declaration then says utf-8, as the response is.
    private sealed class Utf8StringWriter : StringWriter
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
