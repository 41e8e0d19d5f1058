namespace Cms.Data.Search;

/// <summary>One word of a search; the last one of a query still being typed matches as a prefix.</summary>
public sealed record SearchTerm(string Folded, bool Prefix)
{
    // Stemmed once per analyzer, not once per word of every text a highlight reads.
    private readonly Dictionary<string, string> _stems = SearchText.StemmedLanguages.Append(SearchText.Simple)
        .ToDictionary(analyzer => analyzer, analyzer => SearchText.Stem(Folded, analyzer));

    /// <summary>This word's stem for an analyzer (<see cref="SearchText.Analyzer"/>).</summary>
    public string Stem(string analyzer) => _stems[analyzer];

    public bool Matches(string folded, string stem, string analyzer) =>
        Prefix ? stem.StartsWith(Stem(analyzer), StringComparison.Ordinal) || folded.StartsWith(Folded, StringComparison.Ordinal)
            : stem == Stem(analyzer);
}

/// <summary>
/// What a reader typed into the search box, as words: every word must match (in any of title,
/// subtitle, excerpt and body), each by its stem in the article's language, the last as a prefix
/// unless the query ends with a space.
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

    /// <summary>The terms as PostgreSQL to_tsquery text, stemmed there by the configuration it is given.</summary>
    public string TsQuery() =>
        string.Join(" & ", Terms.Select(t => $"'{t.Folded}'{(t.Prefix ? ":*" : "")}"));

    /// <summary>
    /// An FTS5 MATCH expression over the stemmed SQLite index: for each language, its articles
    /// (lang column) with every term stemmed the way their text was.
    /// </summary>
    public string Fts5Match() => string.Join(" OR ",
        SearchText.StemmedLanguages.Append(SearchText.Simple).Select(analyzer =>
            $"(lang : {analyzer} AND {string.Join(" AND ", Terms.Select(t => Fts5Term(t, analyzer)))})"));

    /// <summary>The index of the term a word of the text matches, or -1.</summary>
    public int Match(string folded, string analyzer)
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

    private static string Fts5Term(SearchTerm term, string analyzer) =>
        term.Prefix ? $"\"{term.Stem(analyzer)}\"*" : $"\"{term.Stem(analyzer)}\"";
}
