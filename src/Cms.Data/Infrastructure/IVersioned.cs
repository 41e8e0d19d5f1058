namespace Cms.Data.Infrastructure;

/// <summary>
/// A row whose <see cref="Version"/> is bumped on every change. The version is the optimistic
/// concurrency token (provider-neutral, unlike PostgreSQL's xmin) and the source of the ETag.
/// </summary>
public interface IVersioned
{
    Guid Id { get; }

    long Version { get; set; }
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A resource readers sync (<c>GET /sync</c>): each change of it is written to the change log.</summary>
public interface ISynced : IVersioned;
