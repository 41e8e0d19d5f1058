using System.Text.Json;
using Cms.Data;
using Cms.Data.Infrastructure;
using Cms.Data.Live;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles.Live;

/// <summary>
/// An update's text as written: the body rendered and sanitized as an article's is (the same renderer), its library photos
/// filled in as pictures now, and its bylines copied. A later change of a photo or an author's name is not carried into
/// updates already posted: an update is a moment's post.
/// </summary>
public static class LiveText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task ApplyAsync(LiveUpdate update, LiveUpdateWrite write, CmsDbContext db, Media.Variants variants,
        CancellationToken ct)
    {
        var rendered = ContentRenderer.Render(write.Body!);
        var html = rendered.Html;
        if (rendered.AssetIds.Count > 0)
        {
            var ids = rendered.AssetIds.ToList();
            var assets = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => new ArticleLinks.AssetCopy(a.Id, a.OriginalKey, a.ContentType, a.Width, a.Height, a.Sha256, a.FocalX, a.FocalY, a.Alt, a.Credit))
                .ToListAsync(ct);
            html = BodyImages.Fill(html, assets, variants);
        }
        var authorIds = (write.Authors ?? []).Distinct().ToList();
        var authors = authorIds.Count == 0 ? [] : await db.Authors.AsNoTracking().Where(a => authorIds.Contains(a.Id))
            .Select(a => new LiveByline(a.Id, a.Slug, a.Name)).ToListAsync(ct);
        update.Headline = string.IsNullOrWhiteSpace(write.Headline) ? null : write.Headline.Trim();
        update.Body = write.Body!;
        update.BodyHtml = html;
        update.BylinesJson = JsonSerializer.Serialize(authorIds.Select(id => authors.Single(a => a.Id == id)), Json);
    }
}

public sealed class LiveUpdateWriteValidator : AbstractValidator<LiveUpdateWrite>
{
    public const int MaxAuthors = 10;

    public LiveUpdateWriteValidator(CmsDbContext db)
    {
        RuleFor(u => u.Body).NotEmpty().Must(b => b is null || b.Trim().Length > 0).WithMessage("Say what happened.")
            .MaximumLength(LiveLimits.Body);
        RuleFor(u => u.Headline).MaximumLength(Limits.ShortText);
        RuleFor(u => u.Authors).Must(a => a is null || a.Count <= MaxAuthors).WithMessage($"At most {MaxAuthors} authors.")
            .Must(a => a is null || a.Distinct().Count() == a.Count).WithMessage("An author is named twice.");
        RuleFor(u => u).CustomAsync(async (update, context, ct) =>
        {
            if (update.Authors is { Count: > 0 } ids)
            {
                var found = await db.Authors.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
                foreach (var (missing, i) in ids.Select((id, i) => (id, i)).Where(x => !found.Contains(x.id)))
                {
                    context.AddFailure($"authors[{i}]", $"No author with id {missing} exists.");
                }
            }
            foreach (var missing in await BodyImages.MissingAssetsAsync(db, update.Body, ct))
            {
                context.AddFailure("body", $"The body shows asset:{missing}, but no asset with this id exists.");
            }
        });
    }
}
