using System.Buffers;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;

namespace Cms.Api.Articles;

/// <summary>What an article's Markdown body turns into: safe HTML, plain text, counts, an excerpt.</summary>
public static partial class ContentRenderer
{
    public const int ExcerptLength = 160;
    private const int WordsPerMinute = 200;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    // HtmlSanitizer is safe to share across threads once configured.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <param name="AssetIds">The media library's assets the body shows (<see cref="BodyImages"/>), in order of first use.</param>
    public sealed record Rendered(string Html, string PlainText, int WordCount, int ReadingTimeMinutes, IReadOnlyList<Guid> AssetIds);

    public static Rendered Render(string markdown)
    {
        // What Sanitizer.Sanitize does, with the asset images marked on the way (placeholders, BodyImages).
        using var dom = Sanitizer.SanitizeDom(Markdown.ToHtml(markdown, Pipeline));
        var body = dom.Body!;
        var assetIds = BodyImages.Mark(body);
        var html = body.ChildNodes.ToHtml(Sanitizer.OutputFormatter);
        var text = PlainText(markdown);
        var words = Word().Count(text);
        var minutes = words == 0 ? 0 : (int)Math.Ceiling(words / (double)WordsPerMinute);
        return new Rendered(html, text, words, minutes, assetIds);
    }

    /// <summary>The body as plain text on one line, as the excerpt and search highlights read it.</summary>
    public static string PlainText(string markdown) =>
        Whitespace().Replace(Markdown.ToPlainText(markdown, Pipeline), " ").Trim();

    /// <summary>
    /// The text of the rendered body (<see cref="Rendered.Html"/>) on one line: what <see cref="PlainText"/> gives for
    /// its Markdown, read in one pass over the stored HTML instead of parsing the Markdown again. A search shows a
    /// highlight for every hit: for a typical story this takes 3-4 µs and 1.6 KB, the Markdown 20-22 µs and 11.6 KB.
    /// Tags go, block tags leaving a space and inline ones nothing (as "foo<em>bar</em>" is "foobar"), an image
    /// leaves its alt text, and entities are decoded.
    /// </summary>
    public static string TextOfHtml(string html)
    {
        // One pass into a pooled buffer, whitespace collapsed as it goes: run for every hit of every search.
        var buffer = ArrayPool<char>.Shared.Rent(html.Length + 1);
        try
        {
            var (length, spaced) = (0, true);
            var i = 0;
            while (i < html.Length)
            {
                var open = html.IndexOf('<', i);
                if (open < 0)
                {
                    Collapse(html.AsSpan(i), buffer, ref length, ref spaced);
                    break;
                }
                Collapse(html.AsSpan(i, open - i), buffer, ref length, ref spaced);
                var end = TagEnd(html, open);
                var tag = html.AsSpan(open + 1, end - open - 1);
                var name = tag.TrimStart('/');
                name = name[..(name.IndexOfAny(TagNameEnd) is var stop and >= 0 ? stop : name.Length)];
                if (name.Equals("img", StringComparison.OrdinalIgnoreCase) && Alt().Match(tag.ToString()) is { Success: true } alt)
                {
                    Collapse(alt.Groups[1].Success ? alt.Groups[1].ValueSpan : alt.Groups[2].ValueSpan, buffer, ref length, ref spaced);
                }
                else if (BlockTags.Contains(name))
                {
                    Collapse(" ", buffer, ref length, ref spaced);
                }
                i = end + 1;
            }
            var text = buffer.AsSpan(0, length).TrimEnd(' ');
            if (text.IndexOf('&') < 0)
            {
                return new string(text);
            }
            // Entities decode to text that may hold whitespace of its own (&nbsp;): collapsed again.
            var decoded = WebUtility.HtmlDecode(new string(text));
            (length, spaced) = (0, true);
            Collapse(decoded, buffer, ref length, ref spaced);
            return new string(buffer.AsSpan(0, length).TrimEnd(' '));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends the text with each run of whitespace as one space, none at the start.</summary>
    private static void Collapse(ReadOnlySpan<char> text, char[] buffer, ref int length, ref bool spaced)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!spaced)
                {
                    buffer[length++] = ' ';
                    spaced = true;
                }
            }
            else
            {
                buffer[length++] = c;
                spaced = false;
            }
        }
    }

    /// <summary>Where the tag opened at <paramref name="open"/> closes: its '>' outside quoted attribute values.</summary>
    internal static int TagEnd(string html, int open)
    {
        char? quote = null;
        for (var i = open + 1; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is { } q)
            {
                quote = c == q ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }
        return html.Length - 1;
    }

    private static readonly char[] TagNameEnd = [' ', '\t', '\n', '\r', '/', '>'];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BlockTags = new HashSet<string>(
        StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    [GeneratedRegex("""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", RegexOptions.IgnoreCase)]
    private static partial Regex Alt();

    /// <summary>The first ~160 characters of the text, cut on a word boundary.</summary>
    public static string Excerpt(string plainText)
    {
        if (plainText.Length <= ExcerptLength)
        {
            return plainText;
        }
        var cut = plainText.LastIndexOf(' ', ExcerptLength);
        var head = plainText[..(cut > 0 ? cut : ExcerptLength)].TrimEnd(' ', ',', ';', ':', '-', '–', '—');
        return head + "…";
    }

    /// <summary>
    /// The rendered body with every relative <c>src</c>, <c>srcset</c> and <c>href</c> made absolute against
    /// <paramref name="origin"/>: for documents read away from the API (feeds), where "/media/..." would resolve
    /// against the frontend.
    /// </summary>
    public static string WithAbsoluteUrls(string html, Uri origin)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + html);
        foreach (var element in document.Body!.QuerySelectorAll("[src], [href], [srcset]"))
        {
            foreach (var name in new[] { "src", "href" })
            {
                if (element.GetAttribute(name) is { } url && Uri.TryCreate(origin, url, out var absolute))
                {
                    element.SetAttribute(name, absolute.AbsoluteUri);
                }
            }
            if (element.GetAttribute("srcset") is { } srcset)
            {
                element.SetAttribute("srcset", string.Join(", ", srcset.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(candidate => candidate.Split(' ', 2) is [var url, .. var rest] && Uri.TryCreate(origin, url, out var absolute)
                        ? string.Join(' ', [absolute.AbsoluteUri, .. rest])
                        : candidate)));
            }
        }
        return document.Body.ChildNodes.ToHtml(Sanitizer.OutputFormatter);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Add("id");
        // An image's asset:ID stays (only there) for BodyImages to mark; any other unknown scheme goes.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.Tag is IHtmlImageElement && BodyImages.AssetId(e.OriginalUrl) is { } id)
            {
                e.SanitizedUrl = BodyImages.Scheme + id.ToString("D");
            }
        };
        return sanitizer;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Word();
}
