using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text.Json;
using Cms.Api.Infrastructure;
using Cms.Api.Keys;
using Cms.Data;
using Cms.Data.Keys;
using Cms.Data.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Webhooks;

/// <summary>Webhook subscriptions (admin): create, list, read, replace, delete, rotate the secret, ping, the delivery log.</summary>
public static class WebhookEndpoints
{
    private const string Resource = "webhook";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks")
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Admin))
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 403, 500, 503);
        group.MapGet("", List).WithName("listWebhooks").WithSummary("List webhooks")
            .WithDescription("Every webhook, newest first. Secrets are never shown.").ProducesProblems(400);
        group.MapGet("/{id}", Get).WithName("getWebhook").WithSummary("Get a webhook")
            .WithDescription("One webhook, with why the dispatcher disabled it when it did.").ProducesProblems(400, 404);
        group.MapPost("", Create).WithName("createWebhook").WithSummary("Create a webhook")
            .WithDescription("Subscribes a URL to events. The answer shows the signing secret (whsec_...) once: deliveries are signed "
                + "as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature).")
            .Accepts<WebhookWrite>("application/json").ProducesProblems(400, 413, 415, 422);
        group.MapPut("/{id}", Replace).WithName("replaceWebhook").WithSummary("Replace a webhook")
            .WithDescription("Replaces the subscription; the secret stays. Needs If-Match (428 without it, 412 when stale). "
                + "enabled: true clears the reason it was disabled for.")
            .Accepts<WebhookWrite>("application/json").ProducesProblems(400, 404, 412, 413, 415, 422, 428);
        group.MapDelete("/{id}", Delete).WithName("deleteWebhook").WithSummary("Delete a webhook")
            .WithDescription("Deletes the subscription and its delivery log. Honours If-Match when sent.").ProducesProblems(400, 404, 412);
        group.MapPost("/{id}/rotate-secret", Rotate).WithName("rotateWebhookSecret").WithSummary("Rotate a webhook's secret")
            .WithDescription("A new secret, shown once in the answer. Until previousSecretUntil (Webhooks:SecretGraceHours, 24 by default) "
                + "deliveries carry both signatures, so the receiver can switch without losing one.")
            .ProducesProblems(400, 404);
        group.MapPost("/{id}/ping", Ping).WithName("pingWebhook").WithSummary("Send a test event")
            .WithDescription("Queues a webhook.ping event for this webhook alone; its delivery shows in the log.")
            .ProducesProblems(400, 404);
        group.MapGet("/{id}/deliveries", Deliveries).WithName("listWebhookDeliveries").WithSummary("A webhook's delivery log")
            .WithDescription("Its deliveries, newest first, each with every attempt: time, status code, duration, error and the start of the answer.")
            .ProducesProblems(400, 404);
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", Redeliver).WithName("redeliverWebhookEvent")
            .WithSummary("Send a past event again")
            .WithDescription("Queues the delivery's event again, as a new delivery with the same webhook-id (receivers deduplicate on it).")
            .ProducesProblems(400, 404);
        return app;
    }

    private static readonly Expression<Func<Webhook, WebhookResponse>> ToResponse = w => new WebhookResponse(w.Id, w.Url,
        Strings(w.EventsJson), Strings(w.TagsJson), w.Language, w.Enabled, w.Description, w.DisabledReason, w.FailingSince,
        w.PreviousSecretUntil, w.CreatedAt, w.UpdatedAt) { Version = w.Version };

    private static readonly Func<Webhook, WebhookResponse> Map = ToResponse.Compile();

    public static async Task<Results<Ok<Paged<WebhookResponse>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, CmsDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        return TypedResults.Ok(await paging.ToPagedAsync(db.Webhooks.AsNoTracking().OrderByDescending(w => w.Id).Select(ToResponse), ct));
    }

    public static async Task<Results<Ok<WebhookResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, CmsDbContext db, HttpContext http, CancellationToken ct) =>
        Found.OrNotFound(http, await db.Webhooks.AsNoTracking().Where(w => w.Id == id).Select(ToResponse).SingleOrDefaultAsync(ct), Resource);

    public static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> Create(
        JsonBody<WebhookWrite> body, CmsDbContext db, HttpContext http, CancellationToken ct)
    {
        var webhook = new Webhook { Url = body.Value.Url!, Secret = NewSecret() };
        Apply(body.Value, webhook);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(webhook.Version);
        return TypedResults.Created($"/api/v1/webhooks/{webhook.Id}", Map(webhook) with { Secret = webhook.Secret });
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Replace(
        Guid id, JsonBody<WebhookWrite> body, CmsDbContext db, HttpContext http, CancellationToken ct)
    {
        var (webhook, problem) = await WriteGuard.LoadAsync(http, () => db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct), Resource,
            requireIfMatch: true);
        if (problem is not null)
        {
            return problem;
        }
        Apply(body.Value, webhook);
        db.Entry(webhook).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(webhook.Version);
        return TypedResults.Ok(Map(webhook));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CmsDbContext db, HttpContext http, CancellationToken ct)
    {
        var (webhook, problem) = await WriteGuard.LoadAsync(http, () => db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct), Resource,
            requireIfMatch: false);
        if (problem is not null)
        {
            return problem;
        }
        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Rotate(
        Guid id, CmsDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, HttpContext http, CancellationToken ct)
    {
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct);
        if (webhook is null)
        {
            return Problems.NotFound(Resource);
        }
        webhook.PreviousSecret = webhook.Secret;
        webhook.PreviousSecretUntil = clock.GetUtcNow().AddHours(options.Value.SecretGraceHours);
        webhook.Secret = NewSecret();
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = Preconditions.ETag(webhook.Version);
        return TypedResults.Ok(Map(webhook) with { Secret = webhook.Secret });
    }

    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> Ping(
        Guid id, CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Webhooks.AnyAsync(w => w.Id == id, ct))
        {
            return Problems.NotFound(Resource);
        }
        var now = clock.GetUtcNow();
        var ping = new WebhookEvent
        {
            Type = "webhook.ping", Resource = Resource, ResourceId = id, OccursAt = now,
            DataJson = JsonSerializer.Serialize(new WebhookEventData(id, null, null, null, null, null, [], []), JsonSerializerOptions.Web),
        };
        return await QueueAsync(db, id, ping, now, ct);
    }

    public static async Task<Results<Ok<Paged<WebhookDeliveryResponse>>, ProblemHttpResult>> Deliveries(
        Guid id, [AsParameters] PageQuery paging, CmsDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        if (!await db.Webhooks.AnyAsync(w => w.Id == id, ct))
        {
            return Problems.NotFound(Resource);
        }
        var page = await paging.ToPagedAsync(db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new WebhookDeliveryResponse(d.Id, d.EventId, d.Event!.Type, d.State, d.Attempts, d.NextAttemptAt, d.CreatedAt,
                d.CompletedAt, Array.Empty<WebhookAttemptResponse>())), ct);
        var ids = page.Data.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(page with
        {
            Data = page.Data.Select(d => d with
            {
                Log = attempts[d.Id].Select(a => new WebhookAttemptResponse(a.At, a.StatusCode, a.DurationMs, a.Error, a.Response)).ToList(),
            }).ToList(),
        });
    }

    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> Redeliver(
        Guid id, Guid deliveryId, CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var eventId = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.WebhookId == id).Select(d => (Guid?)d.EventId)
            .SingleOrDefaultAsync(ct);
        if (eventId is null)
        {
            return Problems.NotFound("delivery");
        }
        var e = await db.WebhookEvents.SingleAsync(x => x.Id == eventId, ct);
        return await QueueAsync(db, id, e, clock.GetUtcNow(), ct);
    }

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> QueueAsync(
        CmsDbContext db, Guid webhookId, WebhookEvent e, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Entry(e).State == EntityState.Detached)
        {
            db.WebhookEvents.Add(e);
        }
        var delivery = new WebhookDelivery
        {
            WebhookId = webhookId, EventId = e.Id, State = DeliveryState.Pending, NextAttemptAt = now, CreatedAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/webhooks/{webhookId}/deliveries",
            new WebhookDeliveryResponse(delivery.Id, e.Id, e.Type, delivery.State, 0, now, now, null, []));
    }

    private static void Apply(WebhookWrite write, Webhook webhook)
    {
        webhook.Url = write.Url!;
        webhook.EventsJson = JsonSerializer.Serialize(write.Events is { Count: > 0 } events ? events.Distinct() : ["*"]);
        webhook.TagsJson = JsonSerializer.Serialize(write.Tags?.Distinct() ?? []);
        webhook.Language = write.Language;
        webhook.Description = write.Description;
        webhook.Enabled = write.Enabled ?? true;
        if (webhook.Enabled)
        {
            webhook.DisabledReason = null;
            webhook.FailingSince = null;
        }
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static IReadOnlyList<string> Strings(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
