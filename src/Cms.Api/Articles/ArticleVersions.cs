using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// An article embeds its authors' and tags' summaries, so when one of those changes the article's
/// representation changes too: its version moves on, and its old ETag stops answering 304.
/// </summary>
public static class ArticleVersions
{
    public static Task<int> BumpCreditingAsync(CmsDbContext db, Guid authorId, CancellationToken ct) =>
        db.Articles.Where(a => a.Authors.Any(b => b.AuthorId == authorId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version + 1), ct);

    public static Task<int> BumpTaggedAsync(CmsDbContext db, Guid tagId, CancellationToken ct) =>
        db.Articles.Where(a => a.Tags.Any(t => t.TagId == tagId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version + 1), ct);
}
