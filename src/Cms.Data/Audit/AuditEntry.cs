using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Audit;

/// <summary>
/// One write through the API, or a key made on the command line: what, by whom, when, and how it ended. Append-only
/// (nothing in Cms updates or deletes a row), and holding no reference to what it describes, so it outlives it.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Its place in the log, in the order written: the cursor pages by it.</summary>
    public long Seq { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>article, author, tag, asset, key, webhook.</summary>
    public required string Resource { get; set; }

    public Guid? ResourceId { get; set; }

    /// <summary>The operation, by its OpenAPI operationId (createArticle, publishArticle, revokeKey...).</summary>
    public required string Action { get; set; }

    public required string Method { get; set; }
    public required string Path { get; set; }

    /// <summary>The key that made the request, null when it had none (or none that was valid).</summary>
    public Guid? KeyId { get; set; }

    /// <summary>The key's name when the request was made (kept: keys are renamed and revoked).</summary>
    public string? KeyName { get; set; }

    /// <summary>The request's trace id, as problem responses and the logs give it.</summary>
    public required string RequestId { get; set; }

    /// <summary>The HTTP status the request was answered with.</summary>
    public int Status { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedOnAdd();
        builder.Property(e => e.Resource).HasMaxLength(20);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Method).HasMaxLength(10);
        builder.Property(e => e.Path).HasMaxLength(Limits.Url);
        builder.Property(e => e.KeyName).HasMaxLength(Limits.ShortText);
        builder.Property(e => e.RequestId).HasMaxLength(100);
        // The filters, each newest first.
        builder.HasIndex(e => new { e.Resource, e.Seq });
        builder.HasIndex(e => new { e.KeyId, e.Seq });
        builder.HasIndex(e => new { e.ResourceId, e.Seq });
        builder.HasIndex(e => e.At);
    }
}
