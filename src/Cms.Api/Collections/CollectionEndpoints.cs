using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Cms.Api.Articles;
using Cms.Api.Delivery;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Collections;
using Cms.Data.Infrastructure;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Collections;

/// <summary>
/// Collections: the homepage, section fronts and app screens editors arrange (docs/collections.md). Anyone reads one;
/// writers read their arrangements; editors create, arrange, schedule and restore. Every change of the items writes a new
/// arrangement, so the history is the list of arrangements.
/// </summary>
public static class CollectionEndpoints
{
    public const string Resource = "collection";

    public static IEndpointRouteBuilder MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Collections").CacheOutput(ContentCachePolicy.Name)
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 500, 503);
        var editor = AccessSetup.Policy(KeyRole.Editor);
        const string ifMatch = " Needs If-Match with the collection's ETag (428 without it, 412 when stale, with currentETag).";

        group.MapGet("", List).WithName("listCollections")
            .WithSummary("List collections by name").WithDescription("Every collection's definition, without its items, sorted by name.")
            .ProducesProblems(400).RequireAuthorization(AccessSetup.Read);
        group.MapGet("/{slug}", Get).WithName("getCollection")
            .WithSummary("Get a collection with its items")
            .WithDescription("The collection and what readers see in it now: article summaries in order, at most capacity, only stories "
                + "readers may see (a chosen story unpublished, archived, trashed or still to come drops out; a pinned one's place is kept "
                + "for it and the filler takes it meanwhile). A mostRead collection's ranking moves every 5 minutes. Keyed callers also get "
                + "chosen and arrangement; with preview=true, chosen drafts and scheduled stories are shown as they will go out. The ETag "
                + "changes with the items; its version part is what If-Match takes.")
            .ProducesProblems(400, 404).WithCacheStep(ViewBuckets.Size).RequireAuthorization(AccessSetup.Read);
        group.MapGet("/{slug}/jsonld", JsonLd).WithName("getCollectionJsonLd")
            .WithSummary("Get a collection's ItemList JSON-LD")
            .WithDescription("The collection's items as a schema.org ItemList of their frontend urls (the API's url of the story without "
                + "Site:BaseUrl), in order, for the page's JSON-LD script element.")
            .Produces<CollectionItemList>(StatusCodes.Status200OK, Articles.NewsArticles.MediaType).ProducesProblems(404)
            .WithCacheStep(ViewBuckets.Size).RequireAuthorization(AccessSetup.Read);
        group.MapPost("", Create).WithName("createCollection")
            .WithSummary("Create a collection")
            .WithDescription("Creates a collection; the slug is generated from the name when not given. A manual collection's items are its "
                + "first arrangement, in effect at once.")
            .Accepts<CollectionWrite>("application/json").ProducesProblems(400, 403, 409, 413, 415, 422).RequireAuthorization(editor);
        group.MapPut("/{slug}", Replace).WithName("replaceCollection")
            .WithSummary("Replace a collection")
            .WithDescription("Replaces the definition; items, when given, become the arrangement in effect from now (the one before is kept "
                + "in the history)." + ifMatch)
            .Accepts<CollectionWrite>("application/json").ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapDelete("/{slug}", Delete).WithName("deleteCollection")
            .WithSummary("Delete a collection and its arrangements")
            .WithDescription("Deletes the collection with its history and the arrangements to come. Its stories stay. Honours If-Match when sent.")
            .ProducesProblems(403, 404, 412).RequireAuthorization(editor);
        group.MapPut("/{slug}/items/{articleId}", PutItem).WithName("placeCollectionItem")
            .WithSummary("Put, move, pin or unpin one article of a manual collection")
            .WithDescription("Puts the article at a position among the chosen (adding it when it is not chosen yet), and pins or unpins it; "
                + "the others keep their order. One desk's change does not carry another's away: it applies to the arrangement in effect."
                + ifMatch)
            .Accepts<CollectionItemPlacement>("application/json").ProducesProblems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .RequireAuthorization(editor);
        group.MapDelete("/{slug}/items/{articleId}", RemoveItem).WithName("removeCollectionItem")
            .WithSummary("Remove one article from a manual collection")
            .WithDescription("Takes the article out of the chosen items (404 when it is not among them); the others keep their order." + ifMatch)
            .ProducesProblems(400, 403, 404, 409, 412, 428).RequireAuthorization(editor);
        CollectionArrangements.Map(group, editor);
        return app;
    }

    public static async Task<Results<Ok<Paged<CollectionListItem>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, CmsDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        return TypedResults.Ok(await paging.ToPagedAsync(db.Collections.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CollectionListItem(c.Id, c.Slug, c.Name, c.Description, c.Kind, c.Capacity, c.Window, c.CreatedAt, c.UpdatedAt)), ct));
    }

    public static async Task<Results<Ok<CollectionResponse>, JsonHttpResult<JsonObject>, ProblemHttpResult>> Get(
        string slug,
        [FromQuery(Name = "fields"), Description(ArticleListShape.FieldsDescription)] string? fields,
        [FromQuery(Name = "include"), Description("body adds the Markdown body to each item.")] string? include,
        [FromQuery(Name = ContentCachePolicy.PersonalQuery), Description("true: as it will look, chosen drafts and scheduled stories "
            + "included and marked by their status (a key is needed; never cached).")] bool? preview,
        CollectionItems items, CmsDbContext db, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var shape = ArticleListShape.Parse(fields, include, errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var caller = Caller.Of(user);
        if (preview == true && !caller.IsKeyed)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "A preview shows drafts: send a key (Authorization: Bearer <key>).");
        }
        var now = clock.GetUtcNow();
        if (await items.FindAsync(slug, now, ct) is not { } arranged)
        {
            return Problems.NotFound(Resource);
        }
        var response = await ViewAsync(arranged, items, db, site, caller, now, preview == true, shape.IncludeBody, ct);
        EntityTags.SetVersion(http, arranged.Collection.Version);
        if (shape.Fields is null)
        {
            return TypedResults.Ok(response);
        }
        var json = RequestBody.SerializerOptions(http);
        var shaped = JsonSerializer.SerializeToNode(response, json)!.AsObject();
        shaped["items"] = new JsonArray(response.Items.Select(i => (JsonNode)shape.Select(i, json)).ToArray());
        return TypedResults.Json(shaped, json);
    }

    public static async Task<Results<JsonHttpResult<CollectionItemList>, ProblemHttpResult>> JsonLd(
        string slug, CollectionItems items, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await items.FindAsync(slug, now, ct) is not { } arranged)
        {
            return Problems.NotFound(Resource);
        }
        var shown = await items.ShowAsync(arranged, now, preview: false, withBody: false, ct);
        var origin = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
        return TypedResults.Json(new CollectionItemList("https://schema.org", "ItemList", arranged.Collection.Name, shown.Count,
            shown.Select((s, i) => new CollectionListElement("ListItem", i + 1, s.Url ?? new Uri(origin, $"api/v1/articles/slug/{s.Slug}").AbsoluteUri,
                s.Title)).ToList()), contentType: Articles.NewsArticles.MediaType);
    }

    public static async Task<Results<Created<CollectionResponse>, ProblemHttpResult>> Create(
        JsonBody<CollectionWrite> body, CmsDbContext db, CollectionItems items, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var write = body.Value;
        var now = Versions.Now(clock);
        var collection = new Collection
        {
            Name = write.Name!,
            Slug = write.Slug ?? await Slugs.FirstFreeAsync(db.Collections.Select(c => c.Slug), Slugs.Generate(write.Name!, Resource), ct),
        };
        Apply(write, collection);
        db.Collections.Add(collection);
        if (write.Items is { } chosen && collection.Kind == CollectionKind.Manual)
        {
            db.CollectionArrangements.Add(Arrangement(collection.Id, now, chosen, Caller.Of(user)));
        }
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(collection.Version);
        return TypedResults.Created($"/api/v1/collections/{collection.Slug}", await WrittenAsync(collection.Slug, items, db, site, user, clock, ct));
    }

    public static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> Replace(
        string slug, JsonBody<CollectionWrite> body, CmsDbContext db, CollectionItems items, SiteLinks site, ClaimsPrincipal user,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (collection, problem) = await LoadAsync(db, slug, http, requireIfMatch: true, ct);
        if (problem is not null)
        {
            return problem;
        }
        var write = body.Value;
        if (write.Slug is { } wanted && wanted != collection.Slug)
        {
            return Problems.ValidationFailed(new Dictionary<string, string[]>
            {
                ["slug"] = ["A collection's slug cannot change (frontends and apps ask for it by name): create another collection."],
            });
        }
        Apply(write, collection);
        db.Entry(collection).State = EntityState.Modified;
        if (write.Items is { } chosen && collection.Kind == CollectionKind.Manual)
        {
            db.CollectionArrangements.Add(Arrangement(collection.Id, Versions.Now(clock), chosen, Caller.Of(user)));
        }
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(collection.Version);
        return TypedResults.Ok(await WrittenAsync(slug, items, db, site, user, clock, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string slug, CmsDbContext db, HttpContext http, CancellationToken ct)
    {
        var (collection, problem) = await LoadAsync(db, slug, http, requireIfMatch: false, ct);
        if (problem is not null)
        {
            return problem;
        }
        db.Collections.Remove(collection);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> PutItem(
        string slug, Guid articleId, JsonBody<CollectionItemPlacement> body, CmsDbContext db, CollectionItems items, SiteLinks site,
        ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (collection, problem) = await LoadManualAsync(db, slug, http, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (!await db.Articles.AnyAsync(a => a.Id == articleId, ct))
        {
            return Problems.ValidationFailed(new Dictionary<string, string[]> { ["articleId"] = [$"No article {articleId} exists."] });
        }
        var chosen = (await items.FindAsync(slug, Versions.Now(clock), ct))!.Chosen;
        var was = chosen.Select((item, i) => (item, i)).Where(x => x.item.ArticleId == articleId).Select(x => (int?)x.i).SingleOrDefault();
        var placement = body.Value;
        var pinned = placement.Pinned ?? (was is { } w && chosen[w].Pinned);
        var position = placement.Position ?? (was + 1 ?? 1);
        var errors = new Dictionary<string, string[]>();
        if (was is null && chosen.Count >= CollectionWrite.MaxCapacity)
        {
            errors["articleId"] = [$"The collection already has {CollectionWrite.MaxCapacity} chosen articles: remove one first."];
        }
        if (pinned && position > collection.Capacity)
        {
            errors["position"] = [$"A pinned article must be within the capacity (positions 1 to {collection.Capacity})."];
        }
        var (order, holder) = errors.Count > 0 ? (null, null) : ChosenOrder.Place(chosen, articleId, position, pinned);
        if (holder is { } other)
        {
            errors["position"] = [$"Position {position} is pinned to article {other}: unpin or move it first."];
        }
        if (errors.Count > 0)
        {
            return Problems.ValidationFailed(errors);
        }
        return await ArrangeAsync(collection, order!, null, db, items, site, user, clock, http, ct);
    }

    public static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> RemoveItem(
        string slug, Guid articleId, CmsDbContext db, CollectionItems items, SiteLinks site, ClaimsPrincipal user, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var (collection, problem) = await LoadManualAsync(db, slug, http, ct);
        if (problem is not null)
        {
            return problem;
        }
        var chosen = (await items.FindAsync(slug, Versions.Now(clock), ct))!.Chosen;
        if (chosen.All(i => i.ArticleId != articleId))
        {
            return Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Article {articleId} is not among the chosen items.");
        }
        return await ArrangeAsync(collection, ChosenOrder.Remove(chosen, articleId), null, db, items, site, user, clock, http, ct);
    }

    /// <summary>A new arrangement in effect from now, the collection's version moved on: one save.</summary>
    internal static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> ArrangeAsync(Collection collection,
        IEnumerable<CollectionItem> chosen, Guid? restoredFrom, CmsDbContext db, CollectionItems items, SiteLinks site, ClaimsPrincipal user,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var arrangement = Arrangement(collection.Id, Versions.Now(clock),
            chosen.Select(i => new CollectionItemWrite(i.ArticleId, i.Pinned)).ToList(), Caller.Of(user));
        arrangement.RestoredFromId = restoredFrom;
        db.CollectionArrangements.Add(arrangement);
        db.Entry(collection).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(collection.Version);
        return TypedResults.Ok(await WrittenAsync(collection.Slug, items, db, site, user, clock, ct));
    }

    internal static CollectionArrangement Arrangement(Guid collection, DateTimeOffset effectiveAt, List<CollectionItemWrite> chosen, Caller caller) =>
        new()
        {
            CollectionId = collection, EffectiveAt = effectiveAt, MadeByKeyId = caller.KeyId,
            ItemsJson = CollectionItem.Write(chosen.Select(i => new CollectionItem(i.ArticleId!.Value, i.Pinned))),
        };

    /// <summary>The checks before a write, in the contract's order: 428, 404, 412.</summary>
    internal static Task<(Collection Entity, ProblemHttpResult? Problem)> LoadAsync(CmsDbContext db, string slug, HttpContext http,
        bool requireIfMatch, CancellationToken ct) =>
        WriteGuard.LoadAsync(http, () => db.Collections.SingleOrDefaultAsync(c => c.Slug == slug, ct), Resource, requireIfMatch);

    private static async Task<(Collection Entity, ProblemHttpResult? Problem)> LoadManualAsync(CmsDbContext db, string slug, HttpContext http,
        CancellationToken ct)
    {
        var (collection, problem) = await LoadAsync(db, slug, http, requireIfMatch: true, ct);
        return problem is null && collection.Kind != CollectionKind.Manual
            ? (collection, NotManual())
            : (collection, problem);
    }

    internal static ProblemHttpResult NotManual() =>
        Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
            "Only a manual collection has chosen items; an automatic or mostRead one is made by its filler.");

    private static void Apply(CollectionWrite write, Collection collection)
    {
        collection.Name = write.Name!;
        collection.Description = string.IsNullOrWhiteSpace(write.Description) ? null : write.Description;
        collection.Kind = write.Kind!.Value;
        collection.Capacity = write.Capacity!.Value;
        collection.FillerJson = CollectionFiller.Write(write.Filler is { } f
            ? f with { Tag = f.Tag is { Length: > 0 } tags ? tags.Distinct().ToArray() : null }
            : null);
        collection.Window = write.Window;
    }

    /// <summary>The collection as a write answers it: the keyed view, read again after the save.</summary>
    private static async Task<CollectionResponse> WrittenAsync(string slug, CollectionItems items, CmsDbContext db, SiteLinks site,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var arranged = (await items.FindAsync(slug, now, ct))!;
        return await ViewAsync(arranged, items, db, site, Caller.Of(user), now, preview: false, withBody: false, ct);
    }

    /// <summary>The collection as a caller sees it: its items now; a keyed caller also its chosen items and arrangement.</summary>
    public static async Task<CollectionResponse> ViewAsync(CollectionItems.Arranged arranged, CollectionItems items, CmsDbContext db,
        SiteLinks site, Caller caller, DateTimeOffset now, bool preview, bool withBody, CancellationToken ct)
    {
        var c = arranged.Collection;
        var shown = await items.ShowAsync(arranged, now, preview, withBody, ct);
        var response = new CollectionResponse(c.Id, c.Slug, c.Name, c.Description, c.Kind, c.Capacity, CollectionFiller.Read(c.FillerJson),
            c.Window, shown, c.CreatedAt, c.UpdatedAt) { Preview = preview };
        if (!caller.IsKeyed)
        {
            return response;
        }
        var a = arranged.Arrangement;
        return response with
        {
            Chosen = c.Kind == CollectionKind.Manual ? arranged.Chosen : null,
            Arrangement = a is null ? null
                : new ArrangementSummary(a.Id, site.Local(a.EffectiveAt)!.Value, a.MadeByKeyId, await CallerNames.OfAsync(db, a.MadeByKeyId, ct)),
        };
    }
}

/// <summary>A collection as schema.org's ItemList.</summary>
public sealed record CollectionItemList(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type")] string Type,
    string Name,
    int NumberOfItems,
    List<CollectionListElement> ItemListElement);

public sealed record CollectionListElement(
    [property: JsonPropertyName("@type")] string Type,
    int Position,
    [property: Description("The story's page on the frontend.")] string Url,
    string Name);
