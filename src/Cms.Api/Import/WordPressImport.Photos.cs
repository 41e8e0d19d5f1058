using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Import;

/// <summary>Attachments: their files from the uploads folder into the media library, and the addresses bodies use for them.</summary>
public sealed partial class WordPressImport
{
    /// <summary>An attachment: its file into the media library when the uploads folder has it (once: by content), else kept at its URL.</summary>
    private async Task AttachmentAsync(WxrItem item, CancellationToken ct)
    {
        var url = item.AttachmentUrl ?? item.Link ?? "";
        var (alt, caption) = (item.Meta.GetValueOrDefault("_wp_attachment_image_alt"), item.Excerpt.Length > 0 ? item.Excerpt : null);
        Guid? asset = null;
        var relative = UploadsPath(url);
        if (Uploads is not null && relative is not null)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            asset = await Known(db, "attachment", item.PostId, ct);
            var file = Path.Combine(Uploads, relative.Replace('/', Path.DirectorySeparatorChar));
            if (asset is null && File.Exists(file) && !DryRun)
            {
                try
                {
                    var bytes = await File.ReadAllBytesAsync(file, ct);
                    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
                    asset = await db.Assets.Where(a => a.Sha256 == sha).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
                        ?? (await Media.AssetUploads.TakeAsync(db, scope.ServiceProvider.GetRequiredService<Media.IMediaStore>(),
                            scope.ServiceProvider.GetRequiredService<Media.ImageWork>(),
                            scope.ServiceProvider.GetRequiredService<IOptions<Media.MediaOptions>>().Value, bytes, Path.GetFileName(file),
                            new Media.AssetWrite(alt, caption), null, ct))?.Id;
                    if (asset is { } made)
                    {
                        Remember(db, "attachment", item.PostId, made, null);
                        await SaveAsync(db, ct);
                        Report.Count("photos into the media library");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not DbUpdateException)
                {
                    Report.Note($"attachment {item.PostId} {relative}", $"not a photo the library takes ({e.Message}): kept at its URL");
                }
            }
            else if (asset is null && !File.Exists(file))
            {
                Report.Note($"attachment {item.PostId} {relative}", "no such file in the uploads folder: kept at its URL");
            }
            else if (asset is not null && !DryRun)
            {
                Report.Count("photos already in the media library");
            }
        }
        if (asset is null)
        {
            Report.Count("attachments kept at their URLs");
        }
        else if (relative is not null)
        {
            assetsByPath[relative] = asset.Value;
        }
        attachments[item.PostId] = (System.Text.Encoding.UTF8.GetBytes(string.Join('\0', url, alt, caption)), asset);
    }

    /// <summary>
    /// Every attachment by its WordPress id, for the posts that name it as lead image, anywhere after it: its address, alt
    /// text and caption in one UTF-8 array ('\0' is never in XML), the most of what an import keeps alive (a 1 GB export
    /// holds 220,000; as three strings each they took twice the memory).
    /// </summary>
    private readonly Dictionary<string, (byte[] Text, Guid? Asset)> attachments = [];

    private (string Url, string? Alt, string? Caption, Guid? Asset)? Attachment(string id)
    {
        if (!attachments.TryGetValue(id, out var attachment))
        {
            return null;
        }
        var text = System.Text.Encoding.UTF8.GetString(attachment.Text).Split('\0');
        return (text[0], text[1] is { Length: > 0 } alt ? alt : null, text[2] is { Length: > 0 } caption ? caption : null, attachment.Asset);
    }

    /// <summary>"https://site/wp-content/uploads/2024/06/putin.jpg" → "2024/06/putin.jpg"; null for other addresses.</summary>
    private static string? UploadsPath(string url)
    {
        var at = url.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : Uri.UnescapeDataString(url[(at + "/wp-content/uploads/".Length)..].Split('?', '#')[0]);
    }

    /// <summary>A body's image of the uploads folder as its library asset: the file itself, or one of WordPress's resized copies (-300x200).</summary>
    private Guid? AssetOfUpload(string url) =>
        UploadsPath(url) is { } path && (assetsByPath.TryGetValue(path, out var asset)
            || assetsByPath.TryGetValue(ResizedCopy().Replace(path, "$1"), out asset)) ? asset : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"-\d+x\d+(\.[a-zA-Z]+)$")]
    private static partial System.Text.RegularExpressions.Regex ResizedCopy();
}
