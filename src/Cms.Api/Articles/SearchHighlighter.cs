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

    /// <summary>A word of a text: where it is, and the index of the searched word it matches (or -1).</summary>
    private readonly record struct Word(int Start, int Length, int Term);

    /// <summary>
    /// The best passage of the texts, in order of preference when equally good; the start of the first
    /// non-empty text, unmarked, when no word of it matches (a stemmer may differ on a rare word).
    /// </summary>
    public static string? Highlight(SearchQuery query, string language, params string?[] texts)
    {
        var analyzer = SearchText.Analyzer(language);
        List<Word> words = [], bestWords = [];
        (string Text, int From, int Score)? best = null;
        Span<char> buffer = stackalloc char[64];
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            words.Clear();
            var at = 0;
            while (SearchText.NextWord(text, ref at, out var start))
            {
                var folded = SearchText.Fold(text.AsSpan(start, at - start), buffer);
                words.Add(new Word(start, at - start, query.Match(folded, analyzer)));
            }
            if (words.Count == 0)
            {
                continue;
            }
            // Passages start at the text's start or a little before a matched word (ascending, so a
            // repeated start follows itself); the first best one wins.
            var bestHere = false;
            for (int i = -1, previous = -1; i < words.Count; i++)
            {
                if (i >= 0 && words[i].Term < 0)
                {
                    continue;
                }
                var from = Math.Max(0, i - 3);
                if (from == previous)
                {
                    continue;
                }
                previous = from;
                var score = Score(words, from);
                if (best is null || score > best.Value.Score)
                {
                    (best, bestHere) = ((text, from, score), true);
                }
            }
            if (bestHere)
            {
                (words, bestWords) = (bestWords, words);
            }
        }
        return best is { } b ? Passage(b.Text, bestWords, b.From) : null;
    }

    /// <summary>How many different searched words the passage from a word on holds.</summary>
    private static int Score(List<Word> words, int from)
    {
        var seen = 0; // a query has at most SearchQuery.MaxWords (12) words
        for (var i = from; i < words.Count && i < from + Words; i++)
        {
            if (words[i].Term >= 0)
            {
                seen |= 1 << words[i].Term;
            }
        }
        return int.PopCount(seen);
    }

    private static string Passage(string text, List<Word> words, int from)
    {
        var to = Math.Min(words.Count, from + Words) - 1;
        var html = new StringBuilder(text.Length < 400 ? text.Length + 64 : 400);
        if (from > 0)
        {
            html.Append('…');
        }
        var at = words[from].Start;
        for (var i = from; i <= to; i++)
        {
            var (start, length, term) = words[i];
            Escape(html, text.AsSpan(at, start - at));
            if (term >= 0)
            {
                Escape(html.Append("<mark>"), text.AsSpan(start, length)).Append("</mark>");
            }
            else
            {
                Escape(html, text.AsSpan(start, length));
            }
            at = start + length;
        }
        if (to < words.Count - 1)
        {
            html.Append('…');
        }
        else
        {
            Escape(html, text.AsSpan(at));
        }
        return html.ToString();
    }

    /// <summary>HTML-escapes the five markup characters and nothing else, so "Présiden" stays readable.</summary>
    private static StringBuilder Escape(StringBuilder html, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                _ => html.Append(c),
            };
        }
        return html;
    }
}
