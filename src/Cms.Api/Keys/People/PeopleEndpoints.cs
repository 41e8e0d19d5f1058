using System.Linq.Expressions;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Keys.People;

/// <summary>Staff accounts: admins invite, change and disable people and hand out reset links; a link sets a password.</summary>
public static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/people").WithTags("People").AddEndpointFilter<ValidationFilter>().ProducesProblems(500, 503);
        var admin = group.MapGroup("").RequireAuthorization(AccessSetup.Policy(KeyRole.Admin)).ProducesProblems(401, 403);
        admin.MapGet("", List).WithName("listPeople").WithSummary("List people")
            .WithDescription("Every staff account, newest first, disabled ones included.")
            .ProducesProblems(400);
        admin.MapPost("", Invite).WithName("invitePerson").WithSummary("Invite a person")
            .WithDescription("Makes an account with a role (writer, editor or admin) and answers a one-time invitation link, "
                + "valid 72 hours, that the admin passes on (no mail is sent). 409 email_taken when the address has an account.")
            .Accepts<PersonWrite>("application/json").ProducesProblems(400, 409, 413, 415, 422);
        admin.MapGet("/{id:guid}", Read).WithName("readPerson").WithSummary("Read a person").ProducesProblems(404);
        admin.MapPut("/{id:guid}", Update).WithName("updatePerson").WithSummary("Change a person")
            .WithDescription("Name, role, author profile, and whether the account is disabled. Disabling ends its sessions at "
                + "once; a role change applies to the next request. An admin cannot disable or demote their own account (409).")
            .Accepts<PersonUpdate>("application/json").ProducesProblems(400, 404, 409, 413, 415, 422);
        admin.MapPost("/{id:guid}/password-link", Link).WithName("createPasswordLink").WithSummary("Make a password link")
            .WithDescription("A one-time link: a new invitation (72 hours) while the person has no password, else a reset "
                + "link (24 hours). Earlier links of the same kind keep working until one is used.")
            .ProducesProblems(400, 404);
        group.MapPost("/{id:guid}/password", SetPassword).WithName("setPassword").WithSummary("Set a password with a link")
            .WithDescription("Open to anyone holding a link's token. Sets the password (at least 10 characters), which ends "
                + "the person's other sessions and uses the link up; a reset also lifts a lockout. 400 link_invalid when the "
                + "token is wrong, used or expired, or the account is disabled.")
            .Accepts<PasswordWrite>("application/json").ProducesProblems(400, 413, 415, 422, 429);
        return app;
    }

    private static readonly Expression<Func<Person, PersonResponse>> ToResponse = p => new PersonResponse(
        p.Id, p.Email!, p.Name, p.Role, p.AuthorId, p.CreatedAt, p.LastSignInAt, p.DisabledAt, p.LockoutEnd, p.PasswordHash == null, null);

    private static readonly Func<Person, PersonResponse> Map = ToResponse.Compile();

    /// <summary>A lockout's end only while it lies ahead: Identity leaves a past one in place.</summary>
    private static PersonResponse AsOf(PersonResponse person, DateTimeOffset now) =>
        person.LockedUntil > now ? person : person with { LockedUntil = null };

    public static PersonResponse Response(Person person, TimeProvider clock) => AsOf(Map(person), clock.GetUtcNow());

    public static async Task<Results<Ok<Paged<PersonResponse>>, ProblemHttpResult>> List(
        [AsParameters] PageQuery paging, CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        paging.Check(errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidParameters(errors);
        }
        var page = await paging.ToPagedAsync(db.People.AsNoTracking().OrderByDescending(p => p.Id).Select(ToResponse), ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(page with { Data = [.. page.Data.Select(p => AsOf(p, now))] });
    }

    public static async Task<Results<Created<PersonResponse>, ProblemHttpResult>> Invite(
        JsonBody<PersonWrite> body, HttpContext http, UserManager<Person> users, PasswordLinks links, CmsDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var write = body.Value;
        if (await AuthorMissing(db, write.AuthorId, ct) is { } missing)
        {
            return missing;
        }
        var email = write.Email!.Trim();
        var person = new Person { Name = write.Name!.Trim(), Role = write.Role!.Value, AuthorId = write.AuthorId, Email = email, UserName = email, CreatedAt = clock.GetUtcNow() };
        var result = await users.CreateAsync(person);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.EmailTaken, $"{email} already has an account.")
                : Problems.ValidationFailed(new Dictionary<string, string[]> { ["email"] = [.. result.Errors.Select(e => e.Description)] });
        }
        var link = await links.CreateAsync(person, Origin(http));
        return TypedResults.Created($"/api/v1/people/{person.Id}", Response(person, clock) with { Link = link });
    }

    public static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> Read(Guid id, CmsDbContext db, TimeProvider clock, CancellationToken ct) =>
        await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } person
            ? TypedResults.Ok(Response(person, clock))
            : Problems.NotFound("person");

    public static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> Update(
        Guid id, JsonBody<PersonUpdate> body, HttpContext http, UserManager<Person> users, CmsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var write = body.Value;
        var person = await users.FindByIdAsync(id.ToString());
        if (person is null)
        {
            return Problems.NotFound("person");
        }
        if (Caller.Of(http.User).KeyId == person.Id && (write.Disabled == true || write.Role != KeyRole.Admin))
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "An admin cannot disable or demote their own account; another admin can.");
        }
        if (await AuthorMissing(db, write.AuthorId, ct) is { } missing)
        {
            return missing;
        }
        var ended = write.Disabled!.Value && person.DisabledAt is null;
        (person.Name, person.Role, person.AuthorId) = (write.Name!.Trim(), write.Role!.Value, write.AuthorId);
        person.DisabledAt = write.Disabled.Value ? person.DisabledAt ?? clock.GetUtcNow() : null;
        // A new security stamp ends every session of a disabled account at its next request.
        var result = ended ? await users.UpdateSecurityStampAsync(person) : await users.UpdateAsync(person);
        return result.Succeeded
            ? TypedResults.Ok(Response(person, clock))
            : Problems.Create(StatusCodes.Status412PreconditionFailed, ErrorCodes.VersionMismatch, "The person changed meanwhile: read them again.");
    }

    public static async Task<Results<Ok<PasswordLink>, ProblemHttpResult>> Link(
        Guid id, HttpContext http, UserManager<Person> users, PasswordLinks links) =>
        await users.FindByIdAsync(id.ToString()) is { } person
            ? TypedResults.Ok(await links.CreateAsync(person, Origin(http)))
            : Problems.NotFound("person");

    public static async Task<Results<NoContent, ProblemHttpResult, EmptyHttpResult>> SetPassword(
        Guid id, JsonBody<PasswordWrite> body, HttpContext http, UserManager<Person> users, PasswordLinks links, RateLimits limits)
    {
        // A wrong token counts as a failed key does, so tokens cannot be guessed at speed.
        if (!await limits.MayTryKeyAsync(http))
        {
            return TypedResults.Empty;
        }
        var result = await users.FindByIdAsync(id.ToString()) is { } person
            ? await links.SetPasswordAsync(person, body.Value.Token!, body.Value.Password!)
            : null;
        if (result is null)
        {
            await limits.CountFailedKeyAsync(http);
            return Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.LinkInvalid,
                "This link is wrong, used or expired, or the account is disabled: ask an admin for a new one.");
        }
        return result.Succeeded
            ? TypedResults.NoContent()
            : Problems.ValidationFailed(new Dictionary<string, string[]> { ["password"] = [.. result.Errors.Select(e => e.Description)] });
    }

    private static async Task<ProblemHttpResult?> AuthorMissing(CmsDbContext db, Guid? authorId, CancellationToken ct) =>
        authorId is { } author && !await db.Authors.AnyAsync(a => a.Id == author, ct)
            ? Problems.ValidationFailed(new Dictionary<string, string[]> { ["authorId"] = ["No author with this id exists."] })
            : null;

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
