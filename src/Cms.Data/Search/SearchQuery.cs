namespace Cms.Data.Search;

/// <summary>One word of a search; the last one of a query still being typed matches as a prefix.</summary>
public sealed record SearchTerm(string Folded, bool Prefix)
{
    // Stemmed once per analyzer, not once per word of every text a highlight reads.
    private readonly string _indonesian = SearchText.Stem(Folded, "id"), _english = SearchText.Stem(Folded, "en");

    /// <summary>This word's stem for an analyzer (<see cref="SearchText.Analyzer"/>).</summary>
    public string Stem(string analyzer) => analyzer switch { "id" => _indonesian, "en" => _english, _ => Folded };

    /// <summary>
    /// Whether a word of a text matches: by its stem, or, for a word being typed, when its stem or the word
    /// itself starts with what was typed.
    /// </summary>
    public bool Matches(ReadOnlySpan<char> folded, ReadOnlySpan<char> stem, string analyzer) =>
        stem.SequenceEqual(Stem(analyzer))
        || Prefix && (stem.StartsWith(Folded, StringComparison.Ordinal) || folded.StartsWith(Folded, StringComparison.Ordinal));
}

/// <summary>
/// What a reader typed into the search box, as words: every word must match (in any of title,
/// subtitle, excerpt and body), each by its stem in the article's language; the last, unless the query
/// ends with a space, also matches any word whose stem starts with it.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchTerm> Terms)
{
    public const int MaxLength = 200;
    public const int MaxWords = 12;

    public static SearchQuery? Parse(string text)
    {
        var words = SearchText.Words(text).Select(w => w.Folded).Distinct().Take(MaxWords).ToList();
        if (words.Count == 0)
        {
            return null;
        }
        var typing = !char.IsWhiteSpace(text[^1]) && char.IsLetterOrDigit(text.TrimEnd()[^1]);
        return new SearchQuery(words.Select((w, i) => new SearchTerm(w, typing && i == words.Count - 1)).ToList());
    }

    /// <summary>The words, folded, for PostgreSQL to stem in each configuration.</summary>
    public string[] Words() => Terms.Select(t => t.Folded).ToArray();

    /// <summary>Whether the last word matches as a prefix (the reader is still typing it).</summary>
    public bool LastIsPrefix => Terms[^1].Prefix;

    /// <summary>
    /// On PostgreSQL, the whole words (lexemes) of the archive the last word being typed starts, when they
    /// are few enough to look up one by one (<see cref="PostgresArticleSearch.CompleteAsync"/>); null when not looked
    /// up or too many. Matches the same articles as the prefix does, but lets GIN skip through them.
    /// </summary>
    public IReadOnlyList<string>? Completions { get; init; }

    /// <summary>
    /// An FTS5 MATCH expression over the stemmed SQLite index: for each language, its articles
    /// (lang column) with every term stemmed the way their text was.
    /// </summary>
    public string Fts5Match() => string.Join(" OR ",
        SearchText.StemmedLanguages.Append(SearchText.Simple).Select(analyzer =>
            $"(lang : {analyzer} AND {string.Join(" AND ", Terms.Select(t => Fts5Term(t, analyzer)))})"));

    /// <summary>The index of the term a word of the text matches, or -1.</summary>
    public int Match(ReadOnlySpan<char> folded, string analyzer)
    {
        var stem = SearchText.Stem(folded, analyzer);
        for (var i = 0; i < Terms.Count; i++)
        {
            if (Terms[i].Matches(folded, stem, analyzer))
            {
                return i;
            }
        }
        return -1;
    }

    // A word being typed matches its stem, or any word whose stem starts with what was typed ("sulaw" finds
    // Sulawesi; "sudiati" finds Sudiati, stemmed "sudiat", but not Sudiatmo).
    private static string Fts5Term(SearchTerm term, string analyzer) =>
        term.Prefix ? $"(\"{term.Stem(analyzer)}\" OR \"{term.Folded}\"*)" : $"\"{term.Stem(analyzer)}\"";
}
