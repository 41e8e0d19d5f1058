using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

public sealed class ArticleWriteValidator : AbstractValidator<ArticleWrite>
{
    private const int MaxAuthors = 20;
    private const int MaxTags = 30;

    public ArticleWriteValidator(CmsDbContext db)
    {
        RuleFor(a => a.Title).NotEmpty().MaximumLength(Limits.ShortText);
        RuleFor(a => a.Slug).Slug();
        RuleFor(a => a.Kicker).MaximumLength(60);
        RuleFor(a => a.Subtitle).MaximumLength(Limits.ShortText);
        RuleFor(a => a.Excerpt).MaximumLength(Limits.LongText);
        RuleFor(a => a.Body).MaximumLength(Limits.Body);
        RuleFor(a => a.Language).LanguageTag();
        RuleFor(a => a.FeatureImage).SetValidator(new FeatureImageValidator()!);
        RuleFor(a => a.Seo).SetValidator(new SeoValidator()!);
        RuleFor(a => a.Authors).Must(l => l is null || l.Count <= MaxAuthors).WithMessage($"At most {MaxAuthors} bylines.");
        RuleForEach(a => a.Authors).ChildRules(b => b.RuleFor(x => x.AuthorId).NotNull());
        RuleFor(a => a.Tags).Must(l => l is null || l.Count <= MaxTags).WithMessage($"At most {MaxTags} tags.");
        RuleForEach(a => a.Tags).ChildRules(t => t.RuleFor(x => x.TagId).NotNull());

        When(a => ArticleVisibility.IsPublishing(a.Status), () =>
        {
            RuleFor(a => a.Body).NotEmpty().WithMessage("A published article needs a body.");
            RuleFor(a => a.Authors).NotEmpty().WithMessage("A published article needs at least one byline.");
        });

        RuleFor(a => a).CustomAsync(async (article, context, ct) =>
        {
            var authorIds = (article.Authors ?? []).Select(b => b.AuthorId).ToList();
            await References(context, "authors", "authorId", "author", authorIds,
                ids => db.Authors.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
            var tagIds = (article.Tags ?? []).Select(t => t.TagId).ToList();
            await References(context, "tags", "tagId", "tag", tagIds,
                ids => db.Tags.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
            if (article.FeatureImage?.AssetId is { } assetId && !await db.Assets.AnyAsync(x => x.Id == assetId, ct))
            {
                context.AddFailure("featureImage.assetId", "No asset with this id exists.");
            }
            foreach (var missing in await BodyImages.MissingAssetsAsync(db, article.Body, ct))
            {
                context.AddFailure("body", $"The body shows asset:{missing}, but no asset with this id exists.");
            }
        });
    }

    /// <summary>Each id must be given once and must exist: one query for the whole list.</summary>
    private static async Task References(ValidationContext<ArticleWrite> context, string list, string field,
        string resource, List<Guid?> ids, Func<List<Guid>, Task<List<Guid>>> existing)
    {
        var given = ids.OfType<Guid>().Distinct().ToList();
        var found = given.Count == 0 ? [] : (await existing(given)).ToHashSet();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is not { } id)
            {
                continue;
            }
            if (!seen.Add(id))
            {
                context.AddFailure($"{list}[{i}].{field}", $"This {resource} is already listed on the article.");
            }
            else if (!found.Contains(id))
            {
                context.AddFailure($"{list}[{i}].{field}", $"No {resource} with this id exists.");
            }
        }
    }

    private sealed class FeatureImageValidator : AbstractValidator<FeatureImageWrite>
    {
        public FeatureImageValidator()
        {
            RuleFor(i => i.Url).NotEmpty().WithMessage("Give the image's url, or an assetId.").AbsoluteHttpUrl().When(i => i.AssetId is null);
            RuleFor(i => i.Alt).MaximumLength(Limits.ShortText);
            RuleFor(i => i.Caption).MaximumLength(Limits.LongText);
            RuleFor(i => i.Credit).MaximumLength(Limits.ShortText);
        }
    }

    private sealed class SeoValidator : AbstractValidator<Seo>
    {
        public SeoValidator()
        {
            RuleFor(s => s.MetaTitle).MaximumLength(Limits.ShortText);
            RuleFor(s => s.MetaDescription).MaximumLength(Limits.LongText);
            RuleFor(s => s.CanonicalUrl).AbsoluteHttpUrl();
        }
    }
}
