using System.Text.RegularExpressions;
using Cms.Api.Infrastructure;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Authors;

public sealed partial class AuthorWriteValidator : AbstractValidator<AuthorWrite>
{
    private const int MaxSocials = 20;

    public AuthorWriteValidator(Cms.Data.CmsDbContext db)
    {
        RuleFor(a => a.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(a => a.Slug).Slug();
        RuleFor(a => a.Title).MaximumLength(Limits.Name);
        RuleFor(a => a.Bio).MaximumLength(Limits.Bio);
        RuleFor(a => a.Email).Email();
        RuleFor(a => a.AvatarUrl).AbsoluteHttpUrl().When(a => a.AvatarAssetId is null); // with an asset it is ignored
        RuleFor(a => a.WebsiteUrl).AbsoluteHttpUrl();
        RuleFor(a => a.Socials)
            .Must(s => s is null || s.Count <= MaxSocials).WithMessage($"At most {MaxSocials} networks.")
            .Must(s => s is null || s.Keys.All(NetworkRegex().IsMatch))
            .WithMessage("Network names are lowercase letters and digits, such as x, instagram or tiktok.")
            .Must(s => s is null || s.Values.All(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200))
            .WithMessage("Each handle is 1 to 200 characters.");
        RuleFor(a => a.AvatarAssetId)
            .MustAsync(async (id, ct) => id is not { } assetId || await db.Assets.AnyAsync(x => x.Id == assetId, ct))
            .WithMessage("No asset with this id exists.");
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,29}$")]
    private static partial Regex NetworkRegex();
}
