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

/// <summary>The query of the asset list: paging, content type, text and upload dates.</summary>
public sealed record AssetListQuery(
    [property: Description("Only assets of this content type."),
        AllowedValues("image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "image/svg+xml"), FromQuery(Name = "type")] string? Type,
    [property: Description("Only assets whose filename, alt, caption or credit contains this text (any case)."), FromQuery(Name = "q")] string? Q,
    [property: Description("Only assets uploaded at or after this instant (ISO 8601; a date alone is midnight UTC)."), FromQuery(Name = "uploadedAfter"), InstantText]
    string? UploadedAfter,
    [property: Description("Only assets uploaded before this instant."), FromQuery(Name = "uploadedBefore"), InstantText] string? UploadedBefore);

public static class AssetEndpoints
{
    private const string Resource = "asset";
    internal static readonly Func<Asset, AssetResponse> Map = AssetMappings.ToResponse.Compile();

    public static IEndpointRouteBuilder MapAssetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/assets").WithTags("Assets").CacheOutput(ContentCachePolicy.Name)
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 500, 503);
        group.MapGet("", List).WithName("listAssets").WithSummary("List assets, newest first")
            .WithDescription("The media library, newest upload first, filtered by type, text and upload time.")
            .ProducesProblems(400).RequireAuthorization(AccessSetup.Read);
        group.MapGet("/{id}", Get).WithName("getAsset").WithSummary("Get an asset by id")
            .WithDescription("One asset with its metadata and the url of its original.")
            .ProducesProblems(400, 404).RequireAuthorization(AccessSetup.Read);
        group.MapPost("", AssetUploads.Upload).WithName("uploadAsset").WithSummary("Upload an image")
            .WithDescription("multipart/form-data: the image in a part named file (JPEG, PNG, WebP, GIF or AVIF, decided by its "
                + "content), and optional alt, caption, credit, copyright, source and focalPoint (x,y). The original is stored "
                + "upright, without GPS or device data. 201 with the new asset; 200 with the existing one when the same bytes "
                + "were uploaded before. 413 over the byte limit, 415 for anything but those images, 422 for a corrupt image "
                + "or one over the pixel limit, 503 when too many images are being processed.")
            .Accepts<AssetUpload>("multipart/form-data")
            .Produces<AssetResponse>(StatusCodes.Status200OK)
            .ProducesProblems(400, 403, 413, 415, 422)
            .DisableAntiforgery()
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Writer));
        group.MapPatch("/{id}", Update).WithName("updateAsset").WithSummary("Update an asset's metadata with a JSON merge patch")
            .WithDescription("Alt, caption, credit, copyright, source and focal point. Needs If-Match (428 without it, 412 when stale).")
            .Accepts<AssetWrite>(MergePatch<AssetWrite>.MediaType)
            .ProducesProblems(400, 403, 404, 412, 413, 415, 422, 428)
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Writer));
        group.MapDelete("/{id}", Delete).WithName("deleteAsset").WithSummary("Delete an asset and its files")
            .WithDescription("Deletes the asset, its stored original and its variants; 409 asset_in_use (with articleCount and "
                + "authorCount) while an article shows it (as its lead image or in its body) or an author has it as avatar. Honours "
                + "If-Match when sent.")
            .ProducesProblems(400, 403, 404, 409, 412)
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Editor));
        return app;
    }

    public static async Task<Results<Ok<Paged<AssetResponse>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, [AsParameters] AssetListQuery filter, CmsDbContext db, Variants variants,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        var after = Instants.Parse(filter.UploadedAfter, "uploadedAfter", errors);
        var before = Instants.Parse(filter.UploadedBefore, "uploadedBefore", errors);
        if (filter.Type is { } wanted && !ImageFormat.Stored.Any(f => f.ContentType == wanted))
        {
            errors["type"] = [$"One of {string.Join(", ", ImageFormat.Stored.Select(f => f.ContentType))}."];
        }
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var query = db.Assets.AsNoTracking();
        if (filter.Type is { } type)
        {
            query = query.Where(a => a.ContentType == type);
        }
        if (filter.Q is { Length: > 0 } q)
        {
            var text = q.ToLowerInvariant();
            query = query.Where(a => a.Filename.ToLower().Contains(text) || (a.Alt != null && a.Alt.ToLower().Contains(text))
                || (a.Caption != null && a.Caption.ToLower().Contains(text)) || (a.Credit != null && a.Credit.ToLower().Contains(text)));
        }
        if (after is { } from)
        {
            query = query.Where(a => a.CreatedAt >= from);
        }
        if (before is { } until)
        {
            query = query.Where(a => a.CreatedAt < until);
        }
        var page = await paging.ToPagedAsync(query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(AssetMappings.ToResponse), ct);
        var keyed = Caller.Of(user).IsKeyed;
        return TypedResults.Ok(page with { Data = page.Data.Select(a => variants.Describe(keyed ? a : a.ForReaders())).ToList() });
    }

    public static async Task<Results<Ok<AssetResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, CmsDbContext db, Variants variants, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var asset = await db.Assets.AsNoTracking().Where(a => a.Id == id).Select(AssetMappings.ToResponse).SingleOrDefaultAsync(ct);
        return Found.OrNotFound(http, asset is null ? null : variants.Describe(Caller.Of(user).IsKeyed ? asset : asset.ForReaders()), Resource);
    }

    public static async Task<Results<Ok<AssetResponse>, ProblemHttpResult>> Update(
        Guid id, MergePatch<AssetWrite> patch, IValidator<AssetWrite> validator, CmsDbContext db, Variants variants,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (asset, problem) = await WriteGuard.LoadAsync(http,
            () => db.Assets.SingleOrDefaultAsync(a => a.Id == id, ct), Resource, requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        var parsed = patch.ApplyTo(AssetMappings.ToWrite(asset));
        if (await RequestValidation.ValidateAsync(validator, parsed, ct) is { } invalid)
        {
            return invalid;
        }
        var before = (asset.Alt, asset.Credit, asset.FocalX, asset.FocalY);
        AssetMappings.Apply(parsed.Value, asset);
        asset.UpdatedByKeyId = Caller.Of(user).KeyId;
        db.Entry(asset).State = EntityState.Modified;
        // Articles showing it show these: the save rebuilds their copies and moves their versions on (ArticleLinkCopiesStep).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if ((before.FocalX, before.FocalY) != (asset.FocalX, asset.FocalY))
        {
            // Authors show their avatar's variants, which the focal point names.
            await Versions.BumpAsync(db, db.Authors.Where(a => a.AvatarAssetId == asset.Id), ct);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(asset.Version);
        return TypedResults.Ok(variants.Describe(Map(asset)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, CmsDbContext db, IMediaStore store, HttpContext http, ILogger<Asset> log, CancellationToken ct)
    {
        var (asset, problem) = await WriteGuard.LoadAsync(http,
            () => db.Assets.SingleOrDefaultAsync(a => a.Id == id, ct), Resource, requireIfMatch: false);
        if (problem is not null)
        {
            return problem;
        }
        // An image in use is not deleted from under its articles; the foreign keys keep it so in a race too.
        var used = await db.Articles.CountAsync(a => a.FeatureImageAssetId == id || a.BodyAssets.Any(m => m.AssetId == id), ct);
        var avatars = await db.Authors.CountAsync(a => a.AvatarAssetId == id, ct);
        if (used + avatars > 0)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.AssetInUse,
                $"The asset is shown by {used} article(s) (as lead image or in the body) and is the avatar of {avatars} author(s). "
                + "Give them another image first.",
                extensions: new Dictionary<string, object?> { ["articleCount"] = used, ["authorCount"] = avatars });
        }
        db.Assets.Remove(asset);
        await db.SaveChangesAsync(ct);
        // After the commit: a file without a row is only space, a row without its file would be a broken image.
        // Its variants go too: a deleted photo is not left reachable at their URLs.
        try
        {
            await store.DeleteFolderAsync(Variants.FolderOf(asset.Sha256), CancellationToken.None);
            await store.DeleteAsync(asset.OriginalKey, CancellationToken.None);
        }
        catch (RequestProblemException e)
        {
            log.LogWarning(e, "Asset {Id} is deleted but its files ({Key} and its variants) could not all be removed", asset.Id,
                asset.OriginalKey);
        }
        return TypedResults.NoContent();
    }
}
