using System.Text.RegularExpressions;
using Cms.Data.Infrastructure;
using FluentValidation;

namespace Cms.Api.Infrastructure;

/// <summary>Field rules that several resources share.</summary>
public static partial class Rules
{
    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || Slugs.IsValid(s))
            .WithMessage($"Must be lowercase letters and digits joined by single hyphens, at most {Limits.Slug} characters.");

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(u => u is null || (u.Length <= Limits.Url
                && Uri.TryCreate(u, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && uri.Host.Length > 0))
            .WithMessage($"Must be an absolute http or https URL of at most {Limits.Url} characters.");

    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(e => e is null || (e.Length <= Limits.Email && EmailRegex().IsMatch(e)))
            .WithMessage("Must be an email address such as name@example.com.");

    /// <summary>A well-formed BCP 47 tag: language, then optional script, region and variants.</summary>
    public static IRuleBuilderOptions<T, string?> LanguageTag<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(l => l is null || (l.Length <= Limits.Language && LanguageRegex().IsMatch(l)))
            .WithMessage("Must be a BCP 47 language tag such as id, en or en-US.");

    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")]
    private static partial Regex LanguageRegex();
}
