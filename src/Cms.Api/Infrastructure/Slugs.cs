using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Infrastructure;

/// <summary>URL slugs: lowercase ASCII words joined by '-', accents transliterated.</summary>
public static partial class Slugs
{
    public const string Pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

    // Each lost race means another writer took a slug; this many writers at once is far beyond a newsroom.
    private const int MaxSlugAttempts = 10;

    // Letters that Unicode decomposition does not reduce to ASCII.
    private static readonly Dictionary<char, string> Special = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['đ'] = "d", ['ð'] = "d",
        ['ł'] = "l", ['þ'] = "th", ['ı'] = "i", ['&'] = " and ",
    };

    public static bool IsValid(string slug) => slug.Length <= Limits.Slug && SlugRegex().IsMatch(slug);

    public static string Generate(string text, string fallback)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (Special.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : ' ');
            }
        }
        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var slug = new StringBuilder();
        foreach (var word in words)
        {
            // Leave room for a "-123" suffix when the slug is taken.
            if (slug.Length + word.Length + 1 > Limits.Slug - 8)
            {
                break;
            }
            slug.Append(slug.Length == 0 ? "" : "-").Append(word);
        }
        return slug.Length == 0 ? fallback : slug.ToString();
    }

    /// <summary>The slug itself when free, else the first free of slug-2, slug-3, ... (one query).</summary>
    public static async Task<string> FirstFreeAsync(IQueryable<string> existing, string slug, CancellationToken ct)
    {
        var prefix = slug + "-";
        var taken = (await existing.Where(s => s == slug || s.StartsWith(prefix)).ToListAsync(ct)).ToHashSet();
        if (!taken.Contains(slug))
        {
            return slug;
        }
        var n = 2;
        while (taken.Contains($"{slug}-{n}"))
        {
            n++;
        }
        return $"{slug}-{n}";
    }

    /// <summary>
    /// Saves a new resource whose slug was generated. Two creates with the same title can both find
    /// a slug free and race for it; the loser takes the next free one instead of failing.
    /// </summary>
    public static async Task SaveNewAsync(DbContext db, IQueryable<string> existing, Func<string> getSlug,
        Action<string> setSlug, bool generated, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (generated && attempt < MaxSlugAttempts && DatabaseErrors.IsUniqueViolation(e, out var slug) && slug)
            {
                setSlug(await FirstFreeAsync(existing, Base(getSlug()), ct));
            }
        }
    }

    /// <summary>"rina-wulandari-2" → "rina-wulandari".</summary>
    private static string Base(string slug) => SuffixRegex().Replace(slug, "");

    [GeneratedRegex("-[0-9]+$")]
    private static partial Regex SuffixRegex();

    [GeneratedRegex(Pattern)]
    private static partial Regex SlugRegex();
}
