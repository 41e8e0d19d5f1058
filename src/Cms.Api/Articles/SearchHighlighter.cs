using System.Text;
using Cms.Data.Search;

namespace Cms.Api.Articles;

/// <summary>
/// The short passage a search hit shows: the run of about <see cref="Words"/> words that holds the
/// most of the searched words, with those marked. Computed here from the page's rows, the same way on
/// both providers; the database only finds and ranks.
/// </summary>
public static class SearchHighlighter
{
    public const int Words = 24;

    /// <summary>
    /// The best passage of the texts, in order of preference when equally good; the start of the first
    /// non-empty text, unmarked, when no word of it matches (a stemmer may differ on a rare word).
    /// </summary>
    public static string? Highlight(SearchQuery query, string language, params string?[] texts)
    {
        var analyzer = SearchText.Analyzer(language);
        (string Text, List<(int Start, int Length, int Term)> Words, int From, int Score)? best = null;
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var words = SearchText.Words(text).Select(w => (w.Start, w.Length, Term: query.Match(w.Folded, analyzer))).ToList();
            if (words.Count == 0)
            {
                continue;
            }
            // Passages start a little before a matched word; the first text's start is the fallback.
            var starts = words.Select((w, i) => (w.Term, i)).Where(x => x.Term >= 0).Select(x => Math.Max(0, x.i - 3)).Prepend(0);
            foreach (var from in starts.Distinct())
            {
                var score = words.Skip(from).Take(Words).Where(w => w.Term >= 0).Select(w => w.Term).Distinct().Count();
                if (best is null || score > best.Value.Score)
                {
                    best = (text, words, from, score);
                }
            }
        }
        return best is { } b ? Passage(b.Text, b.Words, b.From) : null;
    }

    private static string Passage(string text, List<(int Start, int Length, int Term)> words, int from)
    {
        var to = Math.Min(words.Count, from + Words) - 1;
        var html = new StringBuilder();
        if (from > 0)
        {
            html.Append('…');
        }
        var at = words[from].Start;
        for (var i = from; i <= to; i++)
        {
            var (start, length, term) = words[i];
            html.Append(Escape(text[at..start]));
            var word = Escape(text.Substring(start, length));
            html.Append(term >= 0 ? $"<mark>{word}</mark>" : word);
            at = start + length;
        }
        if (to < words.Count - 1)
        {
            html.Append('…');
        }
        else
        {
            html.Append(Escape(text[at..]));
        }
        return html.ToString();
    }

    /// <summary>HTML-escapes the five markup characters and nothing else, so "Présiden" stays readable.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\"", "&quot;").Replace("'", "&#39;");
}
