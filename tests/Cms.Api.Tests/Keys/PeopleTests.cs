using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Cms.Api.Tests.Keys;

/// <summary>Staff accounts: invitations, sessions beside keys, CSRF, lockout, disabling, and the person named in the logs.</summary>
public abstract class PeopleTests(CmsFactory factory)
{
    private readonly HttpClient _admin = factory.CreateClient();

    [Fact]
    public async Task An_invited_person_sets_a_password_once_signs_in_and_writes_in_their_own_name()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var invited = await (await _admin.Post("/api/v1/people", new { email, name = "Dewi Lestari", role = "writer" })).Expect(HttpStatusCode.Created);
        Assert.Equal("invitation", (string?)invited["link"]!["kind"]);
        Assert.True((bool)invited["invitationPending"]!);
        var url = (string)invited["link"]!["url"]!;
        Assert.StartsWith($"http://localhost/admin/password#person={invited["id"]}&token=", url);
        var expires = (DateTimeOffset)invited["link"]!["expiresAt"]!;
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(71.9), TimeSpan.FromHours(72));

        // Not yet: the invitation has set no password.
        await (await factory.CreateBrowserClient().Post("/api/v1/session", new { email, password = People.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        var token = (string)invited["link"]!["token"]!;
        var anonymous = factory.CreateAnonymousClient();
        await (await anonymous.Post($"/api/v1/people/{invited["id"]}/password", new { token, password = "short" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "password");
        await (await anonymous.Post($"/api/v1/people/{invited["id"]}/password", new { token, password = People.Password }))
            .Expect(HttpStatusCode.NoContent);
        await (await anonymous.Post($"/api/v1/people/{invited["id"]}/password", new { token, password = "another long password" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "link_invalid");

        var (client, session) = await factory.SignInAsync(email, People.Password);
        Assert.Equal("Dewi Lestari", (string?)session["person"]!["name"]);
        Assert.Equal("writer", (string?)session["person"]!["role"]);
        Assert.False((bool)session["person"]!["invitationPending"]!);
        Assert.NotNull(session["person"]!["lastSignInAt"]);
        var again = await (await client.GetAsync("/api/v1/session")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)invited["id"], (string?)again["person"]!["id"]);

        var article = await (await client.Post("/api/v1/articles", new { title = Http.Unique("Pilkada"), body = "Isi." })).Expect(HttpStatusCode.Created);
        var audit = await (await _admin.GetAsync($"/api/v1/audit?resource=article&resourceId={article["id"]}")).Expect(HttpStatusCode.OK);
        var entry = audit["data"]!.AsArray().Single()!;
        Assert.Equal((string?)invited["id"], (string?)entry["keyId"]);
        Assert.Equal("Dewi Lestari", (string?)entry["keyName"]);
        // A writer is a writer: the people are for admins.
        await (await client.GetAsync("/api/v1/people")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_write_with_the_cookie_needs_the_csrf_header_and_a_cross_site_form_post_is_refused()
    {
        var person = await factory.CreatePersonAsync("editor");
        var cookieOnly = person.Client;
        cookieOnly.DefaultRequestHeaders.Remove("X-CSRF-Token");
        await (await cookieOnly.Post("/api/v1/tags", new { name = Http.Unique("Tag") })).ExpectProblem(HttpStatusCode.Forbidden, "csrf_failed");

        // What a hostile page's <form method=post> sends: the cookie (were SameSite to let it through), a form body, no header.
        var form = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tags")
        {
            Content = new StringContent("name=pwned", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        form.Headers.Add("Origin", "https://evil.example");
        await (await cookieOnly.SendAsync(form)).ExpectProblem(HttpStatusCode.Forbidden, "csrf_failed");
        cookieOnly.DefaultRequestHeaders.Add("X-CSRF-Token", "not-the-token");
        await (await cookieOnly.Post("/api/v1/tags", new { name = Http.Unique("Tag") })).ExpectProblem(HttpStatusCode.Forbidden, "csrf_failed");
        var tags = await (await _admin.GetAsync("/api/v1/tags?q=pwned")).Expect(HttpStatusCode.OK);
        Assert.Empty(tags["data"]!.AsArray());

        // Reads need no token, and a key's writes never do.
        await (await cookieOnly.GetAsync("/api/v1/session")).Expect(HttpStatusCode.OK);
        await (await factory.CreateClient(await factory.CreateKey("editor")).Post("/api/v1/tags", new { name = Http.Unique("Tag") }))
            .Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_strict_and_secure_and_its_answers_are_private()
    {
        var email = (await factory.CreatePersonAsync("writer")).Email;
        var client = factory.CreateBrowserClient();
        var response = await client.Post("/api/v1/session", new { email, password = People.Password });
        await response.Expect(HttpStatusCode.OK);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cms_session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("secure", cookie);

        var list = await client.GetAsync("/api/v1/articles");
        await list.Expect(HttpStatusCode.OK);
        Assert.True(list.Headers.CacheControl is { NoStore: true, Public: false }, list.Headers.CacheControl?.ToString());
        // Nothing in the session's answers renews the cookie on every request.
        Assert.False(list.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Disabling_ends_the_sessions_at_once_and_a_role_change_applies_to_the_next_request()
    {
        var person = await factory.CreatePersonAsync("writer");
        await (await person.Client.GetAsync("/api/v1/keys")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await _admin.Put($"/api/v1/people/{person.Id}", new { name = person.Name, role = "admin", disabled = false }, null))
            .Expect(HttpStatusCode.OK);
        await (await person.Client.GetAsync("/api/v1/keys")).Expect(HttpStatusCode.OK);

        var disabled = await (await _admin.Put($"/api/v1/people/{person.Id}", new { name = person.Name, role = "admin", disabled = true }, null))
            .Expect(HttpStatusCode.OK);
        Assert.NotNull(disabled["disabledAt"]);
        await (await person.Client.GetAsync("/api/v1/keys")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await person.Client.GetAsync("/api/v1/session")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await factory.CreateBrowserClient().Post("/api/v1/session", new { email = person.Email, password = People.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        var link = await (await _admin.Post($"/api/v1/people/{person.Id}/password-link", new { })).Expect(HttpStatusCode.OK);
        await (await factory.CreateAnonymousClient().Post($"/api/v1/people/{person.Id}/password",
            new { token = (string)link["token"]!, password = "a new long password" })).ExpectProblem(HttpStatusCode.BadRequest, "link_invalid");
    }

    [Fact]
    public async Task An_admin_cannot_disable_or_demote_themselves()
    {
        var admin = await factory.CreatePersonAsync("admin");
        await (await admin.Client.Put($"/api/v1/people/{admin.Id}", new { name = admin.Name, role = "editor", disabled = false }, null))
            .ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await admin.Client.Put($"/api/v1/people/{admin.Id}", new { name = admin.Name, role = "admin", disabled = true }, null))
            .ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await admin.Client.Put($"/api/v1/people/{admin.Id}", new { name = "Renamed", role = "admin", disabled = false }, null))
            .Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_until_a_reset_link_is_used()
    {
        var person = await factory.CreatePersonAsync("writer");
        var browser = factory.CreateBrowserClient();
        for (var i = 0; i < 5; i++)
        {
            await (await browser.Post("/api/v1/session", new { email = person.Email, password = $"wrong password {i}" }))
                .ExpectProblem(HttpStatusCode.Unauthorized, i < 4 ? "sign_in_failed" : "account_locked");
        }
        await (await browser.Post("/api/v1/session", new { email = person.Email, password = People.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "account_locked");
        var listed = await (await _admin.GetAsync($"/api/v1/people/{person.Id}")).Expect(HttpStatusCode.OK);
        Assert.NotNull(listed["lockedUntil"]);

        var link = await (await _admin.Post($"/api/v1/people/{person.Id}/password-link", new { })).Expect(HttpStatusCode.OK);
        Assert.Equal("reset", (string?)link["kind"]);
        await (await factory.CreateAnonymousClient().Post($"/api/v1/people/{person.Id}/password",
            new { token = (string)link["token"]!, password = "a new long password" })).Expect(HttpStatusCode.NoContent);
        // The new password ended the old session.
        await (await person.Client.GetAsync("/api/v1/session")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await factory.SignInAsync(person.Email, "a new long password");
    }

    [Fact]
    public async Task A_person_changes_their_own_password_which_ends_their_other_sessions_but_not_this_one()
    {
        var person = await factory.CreatePersonAsync("writer");
        var (elsewhere, _) = await factory.SignInAsync(person.Email, People.Password);
        await (await person.Client.Put("/api/v1/session/password", new { currentPassword = "not the password", newPassword = "kuda benar baterai" }, null))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "currentPassword");
        await (await person.Client.Put("/api/v1/session/password", new { currentPassword = People.Password, newPassword = "short" }, null))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "newPassword");

        var changed = await (await person.Client.Put("/api/v1/session/password", new { currentPassword = People.Password, newPassword = "kuda benar baterai" }, null))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(person.Id.ToString(), (string?)changed["person"]!["id"]);
        // This session goes on with its renewed cookie and new token; the other one has ended.
        person.Client.DefaultRequestHeaders.Remove("X-CSRF-Token");
        person.Client.DefaultRequestHeaders.Add("X-CSRF-Token", (string)changed["csrfToken"]!);
        await (await person.Client.Post("/api/v1/articles", new { title = Http.Unique("Draf"), body = "Isi." })).Expect(HttpStatusCode.Created);
        await (await elsewhere.GetAsync("/api/v1/session")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await factory.SignInAsync(person.Email, "kuda benar baterai");
        await (await factory.CreateBrowserClient().Post("/api/v1/session", new { email = person.Email, password = People.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        // A key has no password to change.
        await (await _admin.Put("/api/v1/session/password", new { currentPassword = "x", newPassword = "kuda benar baterai" }, null))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Passkey_ceremonies_refuse_what_they_did_not_start_and_need_a_session_to_add_one()
    {
        // Anyone may ask to sign in with a passkey: options for any of the site's, with a fresh challenge each time.
        var anonymous = factory.CreateBrowserClient();
        var first = await (await anonymous.Post("/api/v1/session/passkey/options", new { })).Expect(HttpStatusCode.OK);
        var second = await (await anonymous.Post("/api/v1/session/passkey/options", new { })).Expect(HttpStatusCode.OK);
        Assert.NotEqual((string?)first["options"]!["challenge"], (string?)second["options"]!["challenge"]);
        // A credential no ceremony of this site asked for signs nobody in; one that is not a credential is a 422.
        var forged = new { credential = new { id = "AAAA", rawId = "AAAA", type = "public-key", response = new { clientDataJSON = "e30", authenticatorData = "AAAA", signature = "AAAA" } } };
        await (await factory.CreateBrowserClient().Post("/api/v1/session/passkey", forged)).ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        await (await anonymous.Post("/api/v1/session/passkey", forged)).ExpectProblem(HttpStatusCode.Unauthorized, "sign_in_failed");
        await (await anonymous.Post("/api/v1/session/passkey", new { credential = "x" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "credential");

        // Adding one needs a session (a key has none), and an attestation of the options it issued.
        await (await _admin.Post("/api/v1/session/passkeys/options", new { })).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _admin.GetAsync("/api/v1/session/passkeys")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var person = await factory.CreatePersonAsync("writer");
        var options = await (await person.Client.Post("/api/v1/session/passkeys/options", new { })).Expect(HttpStatusCode.OK);
        Assert.Equal(person.Email, (string?)options["options"]!["user"]!["name"]);
        await (await person.Client.Post("/api/v1/session/passkeys", forged)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "credential");
        Assert.Empty((await (await person.Client.GetAsync("/api/v1/session/passkeys")).Expect(HttpStatusCode.OK)).AsArray());
        await (await person.Client.DeleteAsync("/api/v1/session/passkeys/AAAA")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await (await person.Client.DeleteAsync("/api/v1/session/passkeys/%%%")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var person = await factory.CreatePersonAsync("writer");
        await (await person.Client.DeleteAsync("/api/v1/session")).Expect(HttpStatusCode.NoContent);
        await (await person.Client.GetAsync("/api/v1/session")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await person.Client.Post("/api/v1/tags", new { name = Http.Unique("Tag") })).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Invitations_refuse_a_taken_address_a_reader_role_and_an_unknown_author()
    {
        var person = await factory.CreatePersonAsync("writer");
        await (await _admin.Post("/api/v1/people", new { email = person.Email.ToUpperInvariant(), name = "Twin", role = "writer" }))
            .ExpectProblem(HttpStatusCode.Conflict, "email_taken");
        await (await _admin.Post("/api/v1/people", new { email = "reader@example.com", name = "Reader", role = "reader" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "role");
        await (await _admin.Post("/api/v1/people", new { email = "not an address", name = "X", role = "writer" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "email");
        await (await _admin.Post("/api/v1/people", new { email = "x@example.com", name = "X", role = "writer", authorId = Guid.NewGuid() }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "authorId");
        await (await factory.CreateAnonymousClient().Post($"/api/v1/people/{Guid.NewGuid()}/password", new { token = "x", password = "long enough password" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "link_invalid");
    }

    [Fact]
    public async Task Edit_locks_and_revisions_name_the_person()
    {
        var author = await (await _admin.Post("/api/v1/authors", new { name = Http.Unique("Reporter") })).Expect(HttpStatusCode.Created);
        var person = await factory.CreatePersonAsync("editor", Guid.Parse((string)author["id"]!));
        Assert.Equal((string?)author["id"], (string?)person.Session["person"]!["authorId"]);
        var article = await (await person.Client.Post("/api/v1/articles", new { title = Http.Unique("Sidang DPR"), body = "Isi." }))
            .Expect(HttpStatusCode.Created);
        var id = (string)article["id"]!;
        var held = await (await person.Client.Post($"/api/v1/articles/{id}/lock", new { })).Expect(HttpStatusCode.OK);
        Assert.Equal(person.Name, (string?)held["keyName"]);
        Assert.Equal(person.Id.ToString(), (string?)held["keyId"]);
        var revisions = await (await _admin.GetAsync($"/api/v1/articles/{id}/revisions")).Expect(HttpStatusCode.OK);
        Assert.Equal(person.Name, (string?)revisions["data"]![0]!["keyName"]);
    }
}

/// <summary>Failed sign-ins here are about accounts; the address's budget for them has its test in RateLimitTests.</summary>
public sealed class PeopleSqliteFactory : SqliteCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimits:FailedKeys", "1000")];
}

public sealed class PeoplePostgresFactory : PostgresCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimits:FailedKeys", "1000")];
}

public sealed class PeopleTestsOnSqlite(PeopleSqliteFactory factory) : PeopleTests(factory), IClassFixture<PeopleSqliteFactory>;

public sealed class PeopleTestsOnPostgres(PeoplePostgresFactory factory) : PeopleTests(factory), IClassFixture<PeoplePostgresFactory>;
