using Cms.Api.Infrastructure;
using Cms.Data.Infrastructure;
using FluentValidation;

namespace Cms.Api.Tags;

public sealed class TagWriteValidator : AbstractValidator<TagWrite>
{
    public TagWriteValidator()
    {
        RuleFor(t => t.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(t => t.Slug).Slug();
        RuleFor(t => t.Description).MaximumLength(Limits.LongText);
    }
}
