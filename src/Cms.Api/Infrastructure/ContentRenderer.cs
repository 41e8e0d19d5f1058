using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

namespace Cms.Api.Infrastructure;

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

    public sealed record Rendered(string Html, string PlainText, int WordCount, int ReadingTimeMinutes);

    public static Rendered Render(string markdown)
    {
        var html = Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        var text = PlainText(markdown);
        var words = Word().Count(text);
        var minutes = words == 0 ? 0 : (int)Math.Ceiling(words / (double)WordsPerMinute);
        return new Rendered(html, text, words, minutes);
    }

    /// <summary>The body as plain text on one line, as the excerpt and search highlights read it.</summary>
    public static string PlainText(string markdown) =>
        Whitespace().Replace(Markdown.ToPlainText(markdown, Pipeline), " ").Trim();

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

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Add("id");
        return sanitizer;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Word();
}
