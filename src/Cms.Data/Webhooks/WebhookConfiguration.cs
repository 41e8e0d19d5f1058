using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Webhooks;

public sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("Webhooks");
        builder.Property(w => w.Url).HasMaxLength(Limits.Url);
        builder.Property(w => w.EventsJson).HasMaxLength(Limits.LongText);
        builder.Property(w => w.TagsJson).HasMaxLength(Limits.LongText);
        builder.Property(w => w.Language).HasMaxLength(35);
        builder.Property(w => w.Description).HasMaxLength(Limits.ShortText);
        builder.Property(w => w.Secret).HasMaxLength(100);
        builder.Property(w => w.PreviousSecret).HasMaxLength(100);
        builder.Property(w => w.DisabledReason).HasMaxLength(Limits.ShortText);
        builder.Property(w => w.Version).IsConcurrencyToken();
    }
}

public sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("WebhookEvents");
        builder.Property(e => e.Type).HasMaxLength(50);
        builder.Property(e => e.Resource).HasMaxLength(20);
        // A write to a resource cancels its events still to come (a scheduled publication).
        builder.HasIndex(e => new { e.ResourceId, e.OccursAt });
        // Pruning the log: events past the retention period.
        builder.HasIndex(e => e.OccursAt);
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher's claim: pending and due, oldest first.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        // A webhook's log, newest first.
        builder.HasIndex(d => new { d.WebhookId, d.CreatedAt });
        builder.HasIndex(d => d.EventId);
        // Pruning the log: deliveries completed before the retention period.
        builder.HasIndex(d => d.CompletedAt);
    }
}

public sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("WebhookAttempts");
        builder.Property(a => a.Error).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Response).HasMaxLength(Limits.ShortText);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeliveryId, a.At });
    }
}
