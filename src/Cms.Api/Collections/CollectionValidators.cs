using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Collections;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Collections;

public sealed class CollectionWriteValidator : AbstractValidator<CollectionWrite>
{
    public CollectionWriteValidator(CmsDbContext db)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(c => c.Slug).Slug();
        RuleFor(c => c.Description).MaximumLength(Limits.LongText);
        RuleFor(c => c.Kind).NotNull();
        RuleFor(c => c.Capacity).NotNull().InclusiveBetween(1, CollectionWrite.MaxCapacity);
        RuleFor(c => c.Window).NotNull().WithMessage("A mostRead collection needs a window: 1h, 24h or 7d.")
            .When(c => c.Kind == CollectionKind.MostRead);
        RuleFor(c => c.Window).Null().WithMessage("Only a mostRead collection has a window.").When(c => c.Kind != CollectionKind.MostRead);
        RuleFor(c => c.Window).Must(w => w is null || ViewBuckets.Windows.ContainsKey(w)).WithMessage("Must be 1h, 24h or 7d.");
        RuleFor(c => c.Items).Must(i => i is not { Count: > 0 }).WithMessage("Only a manual collection has chosen items.")
            .When(c => c.Kind is CollectionKind.Automatic or CollectionKind.MostRead);
        RuleFor(c => c.Filler!.TagMode).Must(m => m is null or "any" or "all").WithMessage("Must be any or all.")
            .OverridePropertyName("filler.tagMode").When(c => c.Filler is not null);
        RuleFor(c => c.Filler!.Language).LanguageTag().OverridePropertyName("filler.language").When(c => c.Filler is not null);
        RuleFor(c => c).CustomAsync(async (write, context, ct) =>
        {
            foreach (var (field, message) in await CollectionRules.CheckFillerAsync(db, write.Filler, ct))
            {
                context.AddFailure(field, message);
            }
            foreach (var (field, message) in await CollectionRules.CheckItemsAsync(db, write.Items, write.Capacity ?? CollectionWrite.MaxCapacity, ct))
            {
                context.AddFailure(field, message);
            }
        });
    }
}

public sealed class ArrangementWriteValidator : AbstractValidator<ArrangementWrite>
{
    public ArrangementWriteValidator(CmsDbContext db, TimeProvider clock)
    {
        RuleFor(a => a.EffectiveAt).NotNull();
        RuleFor(a => a.EffectiveAt).Must(at => at > clock.GetUtcNow())
            .WithMessage("Must be a time to come; to change what is shown now, edit the collection's items.")
            .When(a => a.EffectiveAt is not null);
        RuleFor(a => a.Items).NotNull();
        // Pinned positions are checked against the collection's capacity by the handler, which knows the collection.
        RuleFor(a => a).CustomAsync(async (write, context, ct) =>
        {
            foreach (var (field, message) in await CollectionRules.CheckItemsAsync(db, write.Items, CollectionWrite.MaxCapacity, ct))
            {
                context.AddFailure(field, message);
            }
        });
    }
}

public sealed class CollectionItemPlacementValidator : AbstractValidator<CollectionItemPlacement>
{
    public CollectionItemPlacementValidator() =>
        RuleFor(p => p.Position).InclusiveBetween(1, CollectionWrite.MaxCapacity);
}

public sealed class ViewBatchValidator : AbstractValidator<ViewBatch>
{
    public ViewBatchValidator()
    {
        RuleFor(v => v.Articles).NotNull().Must(a => a is null || a.Count <= ViewBatch.MaxArticles)
            .WithMessage($"At most {ViewBatch.MaxArticles} articles in one batch.");
        RuleFor(v => v.Client).MaximumLength(100);
    }
}

/// <summary>The rules a collection's chosen items and filler keep, wherever they are written.</summary>
public static class CollectionRules
{
    /// <summary>Each article chosen once, and existing; a pinned one within the capacity. At most 100.</summary>
    public static async Task<List<(string Field, string Message)>> CheckItemsAsync(CmsDbContext db, List<CollectionItemWrite>? items,
        int capacity, CancellationToken ct)
    {
        var failures = new List<(string, string)>();
        if (items is null)
        {
            return failures;
        }
        if (items.Count > CollectionWrite.MaxCapacity)
        {
            failures.Add(("items", $"At most {CollectionWrite.MaxCapacity} chosen articles."));
            return failures;
        }
        var given = items.Select(i => i.ArticleId).OfType<Guid>().Distinct().ToList();
        var found = given.Count == 0 ? [] : (await db.Articles.Where(a => given.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var seen = new Dictionary<Guid, int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ArticleId is not { } id)
            {
                failures.Add(($"items[{i}].articleId", "Required."));
            }
            else if (seen.TryGetValue(id, out var first))
            {
                failures.Add(($"items[{i}].articleId", $"Article {id} is already chosen, at position {first + 1}: each story once."));
            }
            else if (!found.Contains(id))
            {
                failures.Add(($"items[{i}].articleId", $"No article {id} exists."));
            }
            if (items[i].ArticleId is { } chosen)
            {
                seen.TryAdd(chosen, i);
            }
            if (items[i].Pinned && i >= capacity)
            {
                failures.Add(($"items[{i}].pinned", $"A pinned article must be within the capacity (positions 1 to {capacity})."));
            }
        }
        return failures;
    }

    /// <summary>The filler's tags and author exist (a misspelt one would fill nothing, silently).</summary>
    public static async Task<List<(string Field, string Message)>> CheckFillerAsync(CmsDbContext db, CollectionFiller? filler, CancellationToken ct)
    {
        var failures = new List<(string, string)>();
        if (filler is null)
        {
            return failures;
        }
        var tags = (filler.Tag ?? []).Distinct().ToList();
        if (tags.Count > 20)
        {
            failures.Add(("filler.tag", "At most 20 tags."));
            return failures;
        }
        var known = tags.Count == 0 ? [] : await db.Tags.Where(t => tags.Contains(t.Slug)).Select(t => t.Slug).ToListAsync(ct);
        failures.AddRange(tags.Except(known).Select(t => ("filler.tag", $"No tag with the slug '{t}' exists.")));
        if (filler.Author is { } author && !await db.Authors.AnyAsync(a => a.Slug == author, ct))
        {
            failures.Add(("filler.author", $"No author with the slug '{author}' exists."));
        }
        return failures;
    }
}
