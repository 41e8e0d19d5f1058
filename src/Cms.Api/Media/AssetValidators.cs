using Cms.Data.Infrastructure;
using FluentValidation;

namespace Cms.Api.Media;

public sealed class AssetWriteValidator : AbstractValidator<AssetWrite>
{
    public AssetWriteValidator()
    {
        RuleFor(a => a.Alt).MaximumLength(Limits.ShortText);
        RuleFor(a => a.Caption).MaximumLength(Limits.LongText);
        RuleFor(a => a.Credit).MaximumLength(Limits.ShortText);
        RuleFor(a => a.Copyright).MaximumLength(Limits.ShortText);
        RuleFor(a => a.Source).MaximumLength(Limits.ShortText);
        RuleFor(a => a.FocalPoint).SetValidator(new FocalPointValidator()!);
    }

    private sealed class FocalPointValidator : AbstractValidator<FocalPointWrite>
    {
        public FocalPointValidator()
        {
            RuleFor(p => p.X).NotNull().InclusiveBetween(0, 1);
            RuleFor(p => p.Y).NotNull().InclusiveBetween(0, 1);
        }
    }
}
