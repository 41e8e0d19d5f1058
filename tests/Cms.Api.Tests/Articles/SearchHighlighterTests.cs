using System.Text;
using Cms.Api.Articles;
using Cms.Data.Search;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// The highlighter reads every word of each hit's texts without a string per word. It must choose and mark
/// the same passage as the plain version it replaced, kept here as the reference, for any text and query.
/// </summary>
public sealed class SearchHighlighterTests
{
    private static readonly string[] Vocabulary =
    [
        "presiden", "Présiden", "PRESIDEN", "kunjungannya", "kunjungi", "Korea", "utara", "Sulawesi", "sulaw", "gempa",
        "mengguncang", "pemilu", "Pemilihan", "hakim", "Hakimah", "kani", "Puspasari", "ministers", "visiting", "visit",
        "Seoul", "AT&T", "<b>", "\"kutipan\"", "'tunggal'", "café", "kafe", "naïve", "Ærø", "2024", "19", "e\u0301te\u0301",
        "x" + new string('y', 70), "Z" + new string('é', 70), "—", "…", "&", "<", ">", "dan", "di", "ke", "yang",
    ];

    private static readonly string[] Queries =
    [
        "presiden", "presiden ", "kunjungi korea", "gempa sulaw", "sul", "hakim", "najam hakim", "kani puspasari",
        "minister visit seoul ", "kafé", "ete", "2024 pemilu", "x" + new string('y', 70), "naive aero ", "z",
    ];

    [Fact]
    public void It_marks_the_same_passage_as_the_plain_version()
    {
        var random = new Random(20261201);
        var checkedPassages = 0;
        for (var round = 0; round < 3000; round++)
        {
            var query = SearchQuery.Parse(Queries[random.Next(Queries.Length)])!;
            var language = new[] { "id", "en", "fr", "id-ID" }[random.Next(4)];
            var texts = Enumerable.Range(0, 4)
                .Select(_ => random.Next(6) == 0 ? null : Text(random, random.Next(80)))
                .ToArray();

            var expected = ReferenceHighlight(query, language, texts);
            Assert.Equal(expected, SearchHighlighter.Highlight(query, language, texts));
            checkedPassages += expected?.Contains("<mark>") == true ? 1 : 0;
        }
        Assert.True(checkedPassages > 1000, $"only {checkedPassages} passages had a mark");
    }

    [Fact]
    public void A_long_story_after_a_short_one_still_gives_each_its_own_passage()
    {
        var query = SearchQuery.Parse("gempa")!;
        var story = string.Join(' ', Enumerable.Repeat("kata", 5000)) + " gempa akhir";

        Assert.Equal("…kata kata kata <mark>gempa</mark> akhir", SearchHighlighter.Highlight(query, "id", story));
        Assert.Equal("<mark>Gempa</mark> pagi", SearchHighlighter.Highlight(query, "id", "Gempa pagi"));
        Assert.Null(SearchHighlighter.Highlight(query, "id", " ", null));
    }

    private static string Text(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(8) switch { 0 => ", ", 1 => ". ", 2 => "\n", _ => " " });
        }
        return text.ToString();
    }

    // The highlighter as it was before it read words without strings (commit a01d09c).
    private static string? ReferenceHighlight(SearchQuery query, string language, params string?[] texts)
    {
        var analyzer = SearchText.Analyzer(language);
        (string Text, List<(int Start, int Length, int Term)> Words, int From, int Score)? best = null;
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var words = SearchText.Words(text).Select(w => (w.Start, w.Length, Term: ReferenceMatch(query, w.Folded, analyzer))).ToList();
            if (words.Count == 0)
            {
                continue;
            }
            var starts = words.Select((w, i) => (w.Term, i)).Where(x => x.Term >= 0).Select(x => Math.Max(0, x.i - 3)).Prepend(0);
            foreach (var from in starts.Distinct())
            {
                var score = words.Skip(from).Take(SearchHighlighter.Words).Where(w => w.Term >= 0).Select(w => w.Term).Distinct().Count();
                if (best is null || score > best.Value.Score)
                {
                    best = (text, words, from, score);
                }
            }
        }
        if (best is not { } b)
        {
            return null;
        }
        var to = Math.Min(b.Words.Count, b.From + SearchHighlighter.Words) - 1;
        var html = new StringBuilder();
        if (b.From > 0)
        {
            html.Append('…');
        }
        var at = b.Words[b.From].Start;
        for (var i = b.From; i <= to; i++)
        {
            var (start, length, term) = b.Words[i];
            html.Append(Escape(b.Text[at..start]));
            var word = Escape(b.Text.Substring(start, length));
            html.Append(term >= 0 ? $"<mark>{word}</mark>" : word);
            at = start + length;
        }
        html.Append(to < b.Words.Count - 1 ? "…" : Escape(b.Text[at..]));
        return html.ToString();
    }

    private static int ReferenceMatch(SearchQuery query, string folded, string analyzer)
    {
        var stem = SearchText.Stem(folded, analyzer);
        for (var i = 0; i < query.Terms.Count; i++)
        {
            var term = query.Terms[i];
            if (stem == SearchText.Stem(term.Folded, analyzer)
                || term.Prefix && (stem.StartsWith(term.Folded, StringComparison.Ordinal) || folded.StartsWith(term.Folded, StringComparison.Ordinal)))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\"", "&quot;").Replace("'", "&#39;");
}
