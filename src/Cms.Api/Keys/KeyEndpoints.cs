using System.Linq.Expressions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Keys;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Keys;

public static class KeyEndpoints
{
    private static readonly Expression<Func<ApiKey, KeyResponse>> ToResponse = k =>
        new KeyResponse(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.ExpiresAt, k.PreviousValidUntil, null);

    private static readonly Func<ApiKey, KeyResponse> Map = ToResponse.Compile();

    private const int MaxGraceMinutes = 7 * 24 * 60;

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/keys").WithTags("Keys")
            .RequireAuthorization(AccessSetup.Policy(KeyRole.Admin))
            .AddEndpointFilter<ValidationFilter>().ProducesProblems(401, 403, 500, 503);

        group.MapGet("", List).WithName("listKeys").WithSummary("List API keys")
            .WithDescription("Every key, newest first, revoked ones included (with revokedAt). Secrets are never shown.")
            .ProducesProblems(400);
        group.MapPost("", Create).WithName("createKey").WithSummary("Create an API key")
            .WithDescription("Creates a key with a role: reader, writer, editor or admin. The answer shows the secret once.")
            .Accepts<KeyWrite>("application/json").ProducesProblems(400, 413, 415, 422);
        group.MapPost("/{id}/rotate", Rotate).WithName("rotateKey").WithSummary("Give an API key a new secret")
            .WithDescription("Same key, role and expiry with a new secret, shown once in the answer. The old secret is still "
                + "accepted for graceMinutes (60), so clients can move over; 0 refuses it at once. A revoked key: 409.")
            .ProducesProblems(400, 404, 409);
        group.MapDelete("/{id}", Revoke).WithName("revokeKey").WithSummary("Revoke an API key")
            .WithDescription("The key stops working at once. It stays in the list, so what it did remains attributable.")
            .ProducesProblems(400, 404);
        return app;
    }

    public static async Task<Results<Ok<Paged<KeyResponse>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, CmsDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var keys = db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).Select(ToResponse);
        return TypedResults.Ok(await paging.ToPagedAsync(keys, ct));
    }

    public static async Task<Results<Created<KeyResponse>, ProblemHttpResult>> Create(
        JsonBody<KeyWrite> body, KeyStore keys, CancellationToken ct)
    {
        var (key, secret) = await keys.CreateAsync(body.Value.Name!.Trim(), body.Value.Role!.Value, ct, body.Value.ExpiresAt);
        var response = Map(key) with { Secret = secret };
        return TypedResults.Created($"/api/v1/keys/{key.Id}", response);
    }

    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> Rotate(
        Guid id, [FromQuery, Description("How long the old secret is still accepted, in minutes: 0 (refused at once) to 10080 "
            + "(a week); 60 when not given.")] int? graceMinutes, CmsDbContext db, KeyStore keys, CancellationToken ct)
    {
        if (graceMinutes is < 0 or > MaxGraceMinutes)
        {
            return Problems.InvalidParameters(new Dictionary<string, string[]> { ["graceMinutes"] = [$"Must be between 0 and {MaxGraceMinutes}."] });
        }
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return Problems.NotFound("key");
        }
        if (key.RevokedAt is not null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "A revoked key stays revoked; create a new one.");
        }
        var secret = await keys.RotateAsync(key, TimeSpan.FromMinutes(graceMinutes ?? 60), ct);
        return TypedResults.Ok(Map(key) with { Secret = secret });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return Problems.NotFound("key");
        }
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
