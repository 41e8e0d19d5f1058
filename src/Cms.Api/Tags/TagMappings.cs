using System.Linq.Expressions;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Tags;

public static class TagMappings
{
    public static readonly Expression<Func<Tag, TagResponse>> ToResponse = t =>
        new TagResponse(t.Id, t.Slug, t.Name, t.Description, t.CreatedAt, t.UpdatedAt) { Version = t.Version };

    /// <summary>A list item; its articleCount is filled in from <see cref="ArticleCounts"/>.</summary>
    public static readonly Expression<Func<Tag, TagListItem>> ToListItem = t =>
        new TagListItem(t.Id, t.Slug, t.Name, t.Description, 0, t.CreatedAt, t.UpdatedAt);

    /// <summary>How many articles readers can see at <paramref name="now"/> carry each tag: one index-only pass.</summary>
    public static Task<Dictionary<Guid, int>> ArticleCounts(CmsDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.ArticleTags.Where(t => t.ListedAt <= now).GroupBy(t => t.TagId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public static TagWrite ToWrite(Tag t) => new(t.Slug, t.Name, t.Description);

    public static void Apply(TagWrite write, Tag tag)
    {
        tag.Slug = write.Slug ?? tag.Slug;
        tag.Name = write.Name!.Trim();
        tag.Description = write.Description;
    }

    /// <summary>The tag as the site shows it: its frontend <c>url</c>.</summary>
    public static TagResponse WithSite(this TagResponse t, Site.SiteLinks site) => t with { Url = site.Tag(t.Id, t.Slug) };

    public static TagListItem WithSite(this TagListItem t, Site.SiteLinks site) => t with { Url = site.Tag(t.Id, t.Slug) };
}
