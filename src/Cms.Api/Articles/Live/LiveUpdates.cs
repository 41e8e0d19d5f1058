using System.Text.Json;
using Cms.Api.Site;
using Cms.Data;
using Cms.Data.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Articles.Live;

/// <summary>The story an update belongs to, as its links need it.</summary>
public sealed record LiveStory(Guid Id, string Slug, DateTimeOffset? PublishedAt);

/// <summary>
/// Reading a live story's updates (its read's newest, the paged list, the polling answer) and turning an update's row into
/// what readers see. The writes are in <see cref="LiveEndpoints"/>.
/// </summary>
public sealed class LiveUpdates(SiteLinks site, IOptions<LiveOptions> options)
{
    public const int MaxPageSize = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int UpdatesInArticle => Math.Clamp(options.Value.UpdatesInArticle, 0, MaxPageSize);

    public LiveUpdateResponse Map(LiveUpdate u, LiveStory story) =>
        new(u.Id, u.ArticleId, u.Sequence, u.Headline, u.Body, u.BodyHtml,
            JsonSerializer.Deserialize<List<LiveByline>>(u.BylinesJson, Json) ?? [], u.PublishedAt, site.Local(u.PublishedAt)!.Value,
            u.Pinned, u.EditedAt)
        {
            Version = u.Version,
            ChangedSequence = u.ChangedSequence,
            Url = site.Article(story.Id, story.Slug, story.PublishedAt) is { } page ? $"{page}#update-{u.Id:D}" : null,
        };

    /// <summary>The coverage a story's read carries: null when the story has none.</summary>
    public async Task<LiveCoverageResponse?> CoverageAsync(CmsDbContext db, LiveStory story, int count, CancellationToken ct)
    {
        var coverage = await db.LiveCoverages.AsNoTracking().SingleOrDefaultAsync(c => c.Id == story.Id, ct);
        if (coverage is null)
        {
            return null;
        }
        var newest = count == 0 ? [] : await db.LiveUpdates.AsNoTracking().Where(u => u.ArticleId == story.Id)
            .OrderByDescending(u => u.Pinned).ThenByDescending(u => u.Sequence).Take(count).ToListAsync(ct);
        var total = await db.LiveUpdates.CountAsync(u => u.ArticleId == story.Id, ct);
        return new LiveCoverageResponse(coverage.StartedAt, site.Local(coverage.StartedAt)!.Value, coverage.EndedAt,
            site.Local(coverage.EndedAt), total, coverage.LastSequence, newest.Select(u => Map(u, story)).ToList());
    }

    /// <summary>
    /// A page of updates: newest first, the pinned one first on the first page; after a cursor, the older ones. With
    /// <paramref name="after"/>: what was posted or changed after that sequence, oldest change first, and what was deleted.
    /// </summary>
    public async Task<LiveUpdatePage> PageAsync(CmsDbContext db, LiveStory story, long lastSequence, long? cursor, long? after,
        int size, CancellationToken ct)
    {
        var total = await db.LiveUpdates.CountAsync(u => u.ArticleId == story.Id, ct);
        var updates = db.LiveUpdates.AsNoTracking().Where(u => u.ArticleId == story.Id);
        if (after is { } since)
        {
            var changed = await updates.Where(u => u.ChangedSequence > since).OrderBy(u => u.ChangedSequence).Take(size + 1).ToListAsync(ct);
            // More than a page changed: answer a page, and the sequence to ask after next.
            var upTo = changed.Count > size ? changed[size - 1].ChangedSequence : lastSequence;
            var deleted = await db.LiveEvents.AsNoTracking()
                .Where(e => e.ArticleId == story.Id && e.Kind == LiveEventKind.UpdateDeleted && e.Sequence > since && e.Sequence <= upTo)
                .OrderBy(e => e.Sequence).Select(e => e.UpdateId!.Value).ToListAsync(ct);
            return new LiveUpdatePage(changed.Take(size).Select(u => Map(u, story)).ToList(), null, deleted, upTo, total);
        }
        var page = cursor is { } before
            ? await updates.Where(u => !u.Pinned && u.Sequence < before).OrderByDescending(u => u.Sequence).Take(size + 1).ToListAsync(ct)
            : await updates.OrderByDescending(u => u.Pinned).ThenByDescending(u => u.Sequence).Take(size + 1).ToListAsync(ct);
        var more = page.Count > size;
        var items = page.Take(size).ToList();
        // A first page of only the pinned update continues from the newest of the rest.
        var next = more ? (items.LastOrDefault(u => !u.Pinned)?.Sequence ?? lastSequence + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new LiveUpdatePage(items.Select(u => Map(u, story)).ToList(), next, [], lastSequence, total);
    }
}
