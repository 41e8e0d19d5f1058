using System.Text;
using System.Text.RegularExpressions;

namespace Cms.Api.Import;

/// <summary>
/// A post's content as WordPress shows it: its automatic paragraphs (a port of the essentials of wpautop), [caption]
/// shortcodes as figures, and images of the uploads folder pointing at the media library. Other shortcodes stay as
/// text and are named, for the report. What comes out still goes through the API's sanitizer, as every body does.
/// </summary>
public static partial class WordPressContent
{
    /// <summary>Elements that stand as blocks of their own (their insides, list items and cells, are left as written).</summary>
    private const string Blocks = "table|div|dl|ul|ol|pre|form|blockquote|address|math|style|p|h[1-6]|hr|fieldset|section|article|"
        + "aside|hgroup|header|footer|nav|figure|details|menu|iframe|script";

    /// <summary>The body to store, and the shortcodes other than [caption] it kept as text.</summary>
    public static (string Html, IReadOnlyList<string> KeptShortcodes) Convert(string content, Func<string, Guid?> assetOfUpload)
    {
        var text = content.Replace("\r\n", "\n").Replace('\r', '\n');
        text = Caption().Replace(text, m =>
        {
            var inner = m.Groups["inner"].Value.Trim();
            var image = ImageTag().Match(inner);
            var caption = image.Success ? inner.Remove(image.Index, image.Length).Trim() : "";
            return image.Success ? $"\n\n<figure>{image.Value}<figcaption>{caption}</figcaption></figure>\n\n" : inner;
        });
        var kept = Shortcode().Matches(text).Select(m => m.Groups["name"].Value).Distinct().ToList();
        var html = AutoParagraphs(text);
        html = ImageSource().Replace(html, m => assetOfUpload(m.Groups["url"].Value) is { } asset
            ? $"{m.Groups["before"].Value}asset:{asset:D}{m.Groups["after"].Value}" : m.Value);
        return (html, kept);
    }

    /// <summary>wpautop's essentials: a blank line ends a paragraph, a single newline inside one is a line break, block elements stay as they are.</summary>
    public static string AutoParagraphs(string text)
    {
        if (text.Trim().Length == 0)
        {
            return "";
        }
        // Block elements on lines of their own, so they are never wrapped in a paragraph.
        text = BlockOpen().Replace(text, "\n\n$1");
        text = BlockClose().Replace(text, "$1\n\n");
        var output = new StringBuilder();
        foreach (var chunk in BlankLines().Split(text))
        {
            var part = chunk.Trim();
            if (part.Length == 0)
            {
                continue;
            }
            if (StartsBlock().IsMatch(part))
            {
                output.Append(part).Append("\n\n");
                continue;
            }
            output.Append("<p>").Append(part.Replace("\n", "<br />\n")).Append("</p>\n\n");
        }
        return output.ToString().TrimEnd() + "\n";
    }

    [GeneratedRegex(@"\[caption[^\]]*\](?<inner>.*?)\[/caption\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", RegexOptions.IgnoreCase)]
    private static partial Regex ImageTag();

    [GeneratedRegex(@"\[(?<name>[a-zA-Z_][\w-]*)(\s[^\]]*)?\]")]
    private static partial Regex Shortcode();

    [GeneratedRegex(@"(?<before><img\b[^>]*\bsrc\s*=\s*[""'])(?<url>[^""']+)(?<after>[""'])", RegexOptions.IgnoreCase)]
    private static partial Regex ImageSource();

    [GeneratedRegex(@"(<(?:" + Blocks + @")\b[^>]*>)", RegexOptions.IgnoreCase)]
    private static partial Regex BlockOpen();

    [GeneratedRegex(@"(</(?:" + Blocks + @")>)", RegexOptions.IgnoreCase)]
    private static partial Regex BlockClose();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^</?(?:" + Blocks + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex StartsBlock();
}
