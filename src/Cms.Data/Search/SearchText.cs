using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lucene.Net.Analysis.Id;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Cms.Data.Search;

/// <summary>
/// Words as search sees them: lower case, accents removed, reduced to their stem by the language of
/// the article (Indonesian and English; other languages are matched as written). SQLite's FTS5 table
/// is fed this text, and highlights are marked with it on both providers.
/// </summary>
public static class SearchText
{
    /// <summary>The languages with a stemmer; any other is searched as written ("simple").</summary>
    public static readonly string[] StemmedLanguages = ["id", "en"];

    public const string Simple = "simple";

    // Stemmers keep per-word state, so one of each per thread rather than one per word.
    [ThreadStatic]
    private static IndonesianStemmer? _indonesian;

    [ThreadStatic]
    private static EnglishStemmer? _english;

    /// <summary>The primary subtag of a BCP 47 tag that selects the stemmer: id-ID → id; others → simple.</summary>
    public static string Analyzer(string? language)
    {
        var primary = (language ?? "").Split('-')[0].ToLowerInvariant();
        return StemmedLanguages.Contains(primary) ? primary : Simple;
    }

    /// <summary>The words of a text with where each starts, folded (lower case, no accents) but not stemmed.</summary>
    public static IEnumerable<(int Start, int Length, string Folded)> Words(string text)
    {
        var at = 0;
        while (NextWord(text, ref at, out var start))
        {
            yield return (start, at - start, Fold(text.AsSpan(start, at - start)));
        }
    }

    /// <summary>
    /// The next word of a text from <paramref name="at"/> on: a letter or digit, then letters, digits and
    /// combining marks. On return <paramref name="at"/> is just past it. False when there is none.
    /// </summary>
    public static bool NextWord(string text, ref int at, out int start)
    {
        var i = at;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }
        start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsMark(text[i])))
        {
            i++;
        }
        at = i;
        return i > start;
    }

    /// <summary>Lower case without diacritics: "Présiden" → "presiden".</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        if (Ascii.IsValid(word))
        {
            // Most words of Indonesian and English text: nothing to decompose.
            Span<char> lower = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
            Ascii.ToLower(word, lower, out var written);
            return new string(lower[..written]);
        }
        var decomposed = word.ToString().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (!IsMark(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }
        return folded.ToString();
    }

    /// <summary>
    /// <see cref="Fold(ReadOnlySpan{char})"/> without a string for the common word: an ASCII word that fits
    /// is folded into <paramref name="buffer"/>.
    /// </summary>
    public static ReadOnlySpan<char> Fold(ReadOnlySpan<char> word, Span<char> buffer)
    {
        if (word.Length <= buffer.Length && Ascii.IsValid(word))
        {
            Ascii.ToLower(word, buffer, out var written);
            return buffer[..written];
        }
        return Fold(word);
    }

    /// <summary>
    /// Stems already worked out, by analyzer and word: a highlight stems every word of each hit's text, and
    /// a newsroom's vocabulary repeats. Looked up by the folded word's characters, so that a word found
    /// costs no string. Bounded, so that odd input cannot grow them without end: past
    /// <see cref="MaxCachedStems"/> words are stemmed each time.
    /// </summary>
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>
        IndonesianStems = new ConcurrentDictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>(),
        EnglishStems = new ConcurrentDictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static int _cachedStems;

    public const int MaxCachedStems = 50_000;

    /// <summary>The stem of a folded word in the given analyzer's language.</summary>
    public static string Stem(string folded, string analyzer) =>
        analyzer == Simple ? folded : Stem(folded.AsSpan(), analyzer, folded);

    /// <summary>The stem of a folded word in the given analyzer's language; for "simple", the word itself.</summary>
    public static ReadOnlySpan<char> Stem(ReadOnlySpan<char> folded, string analyzer) =>
        analyzer == Simple ? folded : Stem(folded, analyzer, null);

    private static string Stem(ReadOnlySpan<char> folded, string analyzer, string? word)
    {
        ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? cache = analyzer switch
        {
            "id" => IndonesianStems,
            "en" => EnglishStems,
            _ => null,
        };
        if (cache is not { } stems)
        {
            return word ?? folded.ToString();
        }
        if (stems.TryGetValue(folded, out var stem))
        {
            return stem;
        }
        word ??= folded.ToString();
        stem = StemUncached(word, analyzer);
        if (Volatile.Read(ref _cachedStems) < MaxCachedStems && stems.Dictionary.TryAdd(word, stem))
        {
            Interlocked.Increment(ref _cachedStems);
        }
        return stem;
    }

    private static string StemUncached(string folded, string analyzer)
    {
        switch (analyzer)
        {
            case "id":
                var chars = folded.ToCharArray();
                var length = (_indonesian ??= new IndonesianStemmer()).Stem(chars, chars.Length, stemDerivational: true);
                return new string(chars, 0, length);
            case "en":
                var english = _english ??= new EnglishStemmer();
                english.SetCurrent(folded);
                english.Stem();
                return english.Current;
            default:
                return folded;
        }
    }

    /// <summary>The text as a space-separated run of stems: what the SQLite index holds.</summary>
    public static string Document(string analyzer, params string?[] parts)
    {
        var stems = new StringBuilder();
        foreach (var part in parts)
        {
            foreach (var (_, _, folded) in Words(part ?? ""))
            {
                stems.Append(Stem(folded, analyzer)).Append(' ');
            }
        }
        return stems.ToString().TrimEnd();
    }

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
