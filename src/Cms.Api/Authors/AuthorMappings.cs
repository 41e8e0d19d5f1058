using System.Linq.Expressions;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Authors;
using Cms.Api.Media;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Authors;

public static class AuthorMappings
{
    public static readonly Expression<Func<Author, AuthorResponse>> ToResponse = a =>
        new AuthorResponse(a.Id, a.Slug, a.Name, a.Title, a.Bio, a.AvatarUrl, a.WebsiteUrl, a.Socials,
            a.CreatedAt, a.UpdatedAt)
        {
            Version = a.Version,
            Email = a.Email,
            AvatarAssetId = a.AvatarAssetId,
            Avatar = a.AvatarAsset == null ? null
                : new AssetImage(a.AvatarAsset.Sha256, a.AvatarAsset.Width, a.AvatarAsset.Height, new FocalPoint(a.AvatarAsset.FocalX, a.AvatarAsset.FocalY),
                    a.AvatarAsset.ContentType),
        };

    /// <summary>A list item; its articleCount is filled in from <see cref="ArticleCounts"/>.</summary>
    public static readonly Expression<Func<Author, AuthorListItem>> ToListItem = a =>
        new AuthorListItem(a.Id, a.Slug, a.Name, a.Title, a.Bio, a.AvatarUrl, a.WebsiteUrl, a.Socials, 0,
            a.CreatedAt, a.UpdatedAt)
        {
            Email = a.Email,
            AvatarAssetId = a.AvatarAssetId,
            Avatar = a.AvatarAsset == null ? null
                : new AssetImage(a.AvatarAsset.Sha256, a.AvatarAsset.Width, a.AvatarAsset.Height, new FocalPoint(a.AvatarAsset.FocalX, a.AvatarAsset.FocalY),
                    a.AvatarAsset.ContentType),
        };

    /// <summary>How many articles readers can see at <paramref name="now"/> credit each author: one index-only pass.</summary>
    public static Task<Dictionary<Guid, int>> ArticleCounts(CmsDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.ArticleAuthors.Where(b => b.ListedAt <= now).GroupBy(b => b.AuthorId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>The writable state of an author, to which a merge patch is applied.</summary>
    public static AuthorWrite ToWrite(Author a) =>
        new(a.Slug, a.Name, a.Title, a.Bio, a.Email, a.AvatarAssetId is null ? a.AvatarUrl : null, a.WebsiteUrl, new(a.Socials),
            a.AvatarAssetId);

    /// <summary>
    /// Copies a validated write onto the entity; an omitted slug keeps the current one. With an avatar asset, the
    /// avatarUrl is the asset's original (<paramref name="assetAvatarUrl"/>), not what the write says.
    /// </summary>
    public static void Apply(AuthorWrite write, Author author, bool emailGiven, string? assetAvatarUrl)
    {
        author.Slug = write.Slug ?? author.Slug;
        author.Name = write.Name!.Trim();
        author.Title = write.Title;
        author.Bio = write.Bio;
        if (emailGiven)
        {
            author.Email = write.Email;
        }
        author.AvatarAssetId = write.AvatarAssetId;
        author.AvatarUrl = write.AvatarAssetId is null ? write.AvatarUrl : assetAvatarUrl;
        author.WebsiteUrl = write.WebsiteUrl;
        author.Socials = write.Socials ?? [];
    }

    /// <summary>The url of the avatar asset a write names (its original), or null.</summary>
    public static async Task<string?> AssetAvatarUrlAsync(CmsDbContext db, AuthorWrite write, CancellationToken ct) =>
        write.AvatarAssetId is { } id
            ? await db.Assets.Where(a => a.Id == id).Select(a => MediaUrls.PathPrefix + a.OriginalKey).SingleOrDefaultAsync(ct)
            : null;

    /// <summary>The author as the site shows it: its frontend <c>url</c>.</summary>
    public static AuthorResponse WithSite(this AuthorResponse a, Site.SiteLinks site) => a with { Url = site.Author(a.Id, a.Slug) };

    public static AuthorListItem WithSite(this AuthorListItem a, Site.SiteLinks site) => a with { Url = site.Author(a.Id, a.Slug) };
}
