namespace Cms.Data.Infrastructure;

/// <summary>
/// One entry of the change log that sync pages through: a resource was created, changed or deleted.
/// Written in the same transaction as the change itself; on PostgreSQL writers take an advisory lock
/// first, so sequence order is commit order and a reader never skips a change that commits late.
/// </summary>
public sealed class Change
{
    public long Seq { get; set; }
    public required string Resource { get; set; }
    public Guid ResourceId { get; set; }
    public DateTimeOffset At { get; set; }
}
