using System.Collections.Concurrent;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// What a byline or a tag of a list shows of its author or tag (slug, name, title, avatar), kept in
/// memory so that a list does not join the authors and tags on every request. Kept exact, on every
/// replica: each write to an author or tag adds to the change log in its own transaction, and
/// <see cref="ArticleLinks"/> reads the log's last sequence number in the same statement as the links.
/// The cards held here belong to one sequence number; a higher one starts afresh. A request that saw a
/// lower number than the cards' (it read before a write that another request has seen) may use them,
/// since they are newer, but the cards it reads itself are not kept.
/// </summary>
public sealed class LinkCards
{
    public sealed record Card(string Slug, string Name, string? Title, string? AvatarUrl);

    /// <summary>At most this many cards are kept; more are read for each request that shows them.</summary>
    public const int MaxCards = 50_000;

    // One set per database: the tests run several hosts, on several databases, in one process.
    private static readonly ConcurrentDictionary<string, LinkCards> PerDatabase = new();

    private Generation _current = new(-1);

    public static LinkCards For(CmsDbContext db) =>
        PerDatabase.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new LinkCards());

    /// <summary>
    /// The cards of these authors and tags as of change-log sequence <paramref name="seq"/> or later: from
    /// memory, and those not there in one query. An id missing from the result was deleted since the
    /// links were read.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Card>> ResolveAsync(CmsDbContext db, long seq, IEnumerable<Guid> authorIds,
        IEnumerable<Guid> tagIds, CancellationToken ct)
    {
        var generation = Advance(seq);
        var cards = new Dictionary<Guid, Card>();
        var (cardAuthors, cardTags) = (Missing(authorIds), Missing(tagIds));
        if (cardAuthors.Length + cardTags.Length == 0)
        {
            return cards;
        }
        var read = await db.Authors.AsNoTracking().Where(a => cardAuthors.Contains(a.Id))
            .Select(a => new { a.Id, a.Slug, a.Name, a.Title, a.AvatarUrl })
            .Concat(db.Tags.AsNoTracking().Where(t => cardTags.Contains(t.Id))
                .Select(t => new { t.Id, t.Slug, t.Name, Title = (string?)null, AvatarUrl = (string?)null }))
            .ToListAsync(ct);
        foreach (var row in read)
        {
            var card = new Card(row.Slug, row.Name, row.Title, row.AvatarUrl);
            cards[row.Id] = card;
            if (generation.Seq == seq)
            {
                generation.TryKeep(row.Id, card);
            }
        }
        return cards;

        Guid[] Missing(IEnumerable<Guid> ids)
        {
            var missing = new HashSet<Guid>();
            foreach (var id in ids)
            {
                if (generation.Cards.TryGetValue(id, out var card))
                {
                    cards[id] = card;
                }
                else
                {
                    missing.Add(id);
                }
            }
            return missing.ToArray();
        }
    }

    /// <summary>The current cards, started afresh first when <paramref name="seq"/> is newer than theirs.</summary>
    private Generation Advance(long seq)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (seq <= current.Seq)
            {
                return current;
            }
            var next = new Generation(seq);
            if (Interlocked.CompareExchange(ref _current, next, current) == current)
            {
                return next;
            }
        }
    }

    private sealed class Generation(long seq)
    {
        private int _count;

        public long Seq { get; } = seq;

        public ConcurrentDictionary<Guid, Card> Cards { get; } = new();

        public void TryKeep(Guid id, Card card)
        {
            if (Volatile.Read(ref _count) < MaxCards && Cards.TryAdd(id, card))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
