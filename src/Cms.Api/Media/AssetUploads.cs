using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Assets;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Media;

/// <summary>A photo uploaded: checked, decoded and stored, or the asset that already has its bytes.</summary>
public static class AssetUploads
{
    public static async Task<Results<Created<AssetResponse>, Ok<AssetResponse>, ProblemHttpResult>> Upload(
        HttpContext http, CmsDbContext db, IMediaStore store, ImageWork work, Variants variants, IOptions<MediaOptions> options,
        IValidator<AssetWrite> validator, ClaimsPrincipal user, CancellationToken ct)
    {
        var upload = await AssetUploadReader.ReadAsync(http, options.Value.MaxBytes);
        if (await RequestValidation.ValidateAsync(validator, upload.Write, ct) is { } invalid)
        {
            return invalid;
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.File));
        if (await ExistingAsync(db, variants, sha256, http, ct) is { } existing)
        {
            return existing;
        }
        var asset = await TakeAsync(db, store, work, options.Value, upload.File, upload.Filename, upload.Write.Value, Caller.Of(user).KeyId, ct);
        if (asset is null)
        {
            // The same bytes uploaded at the same moment: the other upload made the asset.
            return (await ExistingAsync(db, variants, sha256, http, ct))!;
        }
        http.Response.Headers.ETag = Preconditions.ETag(asset.Version);
        return TypedResults.Created($"/api/v1/assets/{asset.Id}", variants.Describe(AssetEndpoints.Map(asset)));
    }

    /// <summary>
    /// Checks, decodes and stores an image and adds its asset (saved): what an upload does, and an import. Null when an
    /// asset with these bytes was made meanwhile (the caller reads that one). Throws what ImageIntake refuses.
    /// </summary>
    public static async Task<Asset?> TakeAsync(CmsDbContext db, IMediaStore store, ImageWork work, MediaOptions options, byte[] file,
        string filename, AssetWrite write, Guid? keyId, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        var header = ImageIntake.Inspect(file, options.MaxPixels, options.AllowSvg);
        var image = await work.RunAsync(() => ImageIntake.Take(file, header), ct, header.WholeDecodeBytes);
        var key = $"originals/{sha256[..2]}/{sha256}.{image.Format.Extension}";
        // The file first: a row never points at a file that is not there. A failed insert leaves a file that the same
        // upload finds again (keys are content-addressed).
        await store.PutAsync(key, image.Bytes, image.Format.ContentType, ct);
        var asset = new Asset
        {
            Filename = filename,
            ContentType = image.Format.ContentType,
            Bytes = image.Bytes.Length,
            Width = image.Width,
            Height = image.Height,
            Sha256 = sha256,
            OriginalKey = key,
            CreatedByKeyId = keyId,
            UpdatedByKeyId = keyId,
        };
        AssetMappings.Apply(write, asset);
        // What the photo says about itself fills what the uploader left out.
        asset.Credit ??= image.Credit;
        asset.Copyright ??= image.Copyright;
        db.Assets.Add(asset);
        try
        {
            await db.SaveChangesAsync(ct);
            return asset;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e, out _))
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private static async Task<Ok<AssetResponse>?> ExistingAsync(CmsDbContext db, Variants variants, string sha256, HttpContext http,
        CancellationToken ct)
    {
        var existing = await db.Assets.AsNoTracking().Where(a => a.Sha256 == sha256).Select(AssetMappings.ToResponse)
            .SingleOrDefaultAsync(ct);
        if (existing is null)
        {
            return null;
        }
        http.Response.Headers.ETag = Preconditions.ETag(existing.Version);
        return TypedResults.Ok(variants.Describe(existing));
    }
}
