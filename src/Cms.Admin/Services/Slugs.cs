using System.Text;

namespace Cms.Admin.Services;

/// <summary>The slug the API would make from a title: lower case, ASCII letters and digits, hyphens between words.</summary>
public static class Slugs
{
    public static string Suggest(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                text.Append(c);
            }
            else if ((char.IsWhiteSpace(c) || c is '-' or '_') && text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }
        return text.ToString().Trim('-');
    }
}
