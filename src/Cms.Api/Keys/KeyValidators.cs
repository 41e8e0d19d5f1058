using FluentValidation;

namespace Cms.Api.Keys;

public sealed class KeyWriteValidator : AbstractValidator<KeyWrite>
{
    public KeyWriteValidator()
    {
        RuleFor(k => k.Name).NotEmpty().MaximumLength(100);
        RuleFor(k => k.Role).NotNull();
    }
}
