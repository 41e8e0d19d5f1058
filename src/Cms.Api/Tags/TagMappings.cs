using System.Linq.Expressions;
using Cms.Data.Articles;
using Cms.Data.Tags;

namespace Cms.Api.Tags;

public static class TagMappings
{
    public static readonly Expression<Func<Tag, TagResponse>> ToResponse = t =>
        new TagResponse(t.Id, t.Slug, t.Name, t.Description, t.CreatedAt, t.UpdatedAt) { Version = t.Version };

    /// <summary>articleCount counts what readers can see at <paramref name="now"/>.</summary>
    public static Expression<Func<Tag, TagListItem>> ToListItem(DateTimeOffset now) => t =>
        new TagListItem(t.Id, t.Slug, t.Name, t.Description,
            t.ArticleTags.Count(at => at.ListedAt <= now),
            t.CreatedAt, t.UpdatedAt);

    public static TagWrite ToWrite(Tag t) => new(t.Slug, t.Name, t.Description);

    public static void Apply(TagWrite write, Tag tag)
    {
        tag.Slug = write.Slug ?? tag.Slug;
        tag.Name = write.Name!.Trim();
        tag.Description = write.Description;
    }

    /// <summary>True when a change shows in the tag summaries that articles embed.</summary>
    public static bool SummaryChanged(Tag before, TagWrite after) =>
        (after.Slug ?? before.Slug) != before.Slug || after.Name!.Trim() != before.Name;
}
