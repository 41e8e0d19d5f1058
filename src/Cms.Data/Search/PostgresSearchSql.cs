using System.Runtime.CompilerServices;

namespace Cms.Data.Search;

/// <summary>A PostgreSQL search's SQL parameters ({0}, {1}, ...) and its query in each configuration.</summary>
internal sealed class PostgresSearchSql
{
    private readonly List<object> _args = [];
    private readonly string? _exact, _typed, _prefix;

    public PostgresSearchSql(SearchQuery query)
    {
        var words = query.Words();
        var exact = query.LastIsPrefix ? words[..^1] : words;
        _exact = exact.Length > 0 ? Arg(string.Join(" & ", exact.Select(w => $"'{w}'"))) : null;
        if (query.LastIsPrefix)
        {
            (_typed, _prefix) = (Arg($"'{words[^1]}'"), Arg($"'{words[^1]}':*"));
            IndexPrefix = query.Completions is { Count: > 0 } completions
                ? Arg(string.Join(" | ", completions.Select(Quoted)))
                : _prefix;
        }
    }

    /// <summary>
    /// The typed last word's prefix as GIN is asked for it: its completions ORed when they were looked up
    /// (<see cref="SearchQuery.Completions"/>), otherwise the prefix itself. The same articles either
    /// way; but GIN gathers every article of a prefix before it can AND it with the other words (62 ms
    /// for "najam hakim" at a million articles, where "hakim" is in two thirds of them), and skips
    /// through whole words. Null when no word is being typed.
    /// </summary>
    public string? IndexPrefix { get; }

    /// <summary>A lexeme as a tsquery operand: quoted, its quotes and backslashes doubled.</summary>
    private static string Quoted(string lexeme) => $"'{lexeme.Replace("\\", "\\\\").Replace("'", "''")}'";

    /// <summary>A parameter for the value: its placeholder.</summary>
    public string Arg(object value)
    {
        _args.Add(value);
        return $"{{{_args.Count - 1}}}";
    }

    public FormattableString Create(string format) => FormattableStringFactory.Create(format, _args.ToArray());

    /// <summary>
    /// The search in one configuration: the words stemmed by it, ANDed. The last word, while it is being
    /// typed, also matches any stem that starts with it as typed: not with its own stem, which would widen
    /// a name's "sudiati" (stemmed "sudiat") to every Sudiatmo, and at a million articles made GIN gather
    /// 7,291 matches to find 39 (10 ms; 0.6 ms this way). Built from functions of the parameters alone,
    /// so that PostgreSQL works it out while planning and estimates its matches from the words. With
    /// <paramref name="forIndex"/>, the typed prefix as GIN is given it (<see cref="IndexPrefix"/>).
    /// </summary>
    public string In(string configuration, bool forIndex = false)
    {
        var last = $"(to_tsquery('{configuration}', {_typed}) || {(forIndex ? IndexPrefix : _prefix)}::tsquery)";
        return (_exact, _typed) switch
        {
            (not null, null) => $"to_tsquery('{configuration}', {_exact})",
            (null, not null) => last,
            _ => $"(to_tsquery('{configuration}', {_exact}) && {last})",
        };
    }
}
