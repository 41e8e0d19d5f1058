using System.Linq.Expressions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Keys;

public static class KeyEndpoints
{
    private static readonly Expression<Func<ApiKey, KeyResponse>> ToResponse = k =>
        new KeyResponse(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, null);

    private static readonly Func<ApiKey, KeyResponse> Map = ToResponse.Compile();

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
        var (key, secret) = await keys.CreateAsync(body.Value.Name!.Trim(), body.Value.Role!.Value, ct);
        var response = Map(key) with { Secret = secret };
        return TypedResults.Created($"/api/v1/keys/{key.Id}", response);
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
