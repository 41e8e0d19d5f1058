using FluentValidation;

namespace Cms.Api.Keys;

public sealed class KeyWriteValidator : AbstractValidator<KeyWrite>
{
    public KeyWriteValidator(TimeProvider clock)
    {
        RuleFor(k => k.Name).NotEmpty().MaximumLength(100);
        RuleFor(k => k.Role).NotNull();
        RuleFor(k => k.ExpiresAt).Must(t => t is null || t > clock.GetUtcNow()).WithMessage("Give a time to come, or none.");
    }
}
