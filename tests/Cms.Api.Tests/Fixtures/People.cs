using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cms.Api.Tests.Fixtures;

/// <summary>Staff accounts made through the API, as an admin and the invited person would, and their sessions.</summary>
public static class People
{
    public const string Password = "kopi tubruk pagi hari";

    /// <summary>Invites a person, sets their password through the invitation and signs them in.</summary>
    public static async Task<Staff> CreatePersonAsync(this CmsFactory factory, string role, Guid? authorId = null)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var invited = await (await factory.CreateClient().Post("/api/v1/people",
            new { email, name = Http.Unique($"Person {role}"), role, authorId })).Expect(HttpStatusCode.Created);
        var id = (string)invited["id"]!;
        await (await factory.CreateAnonymousClient().Post($"/api/v1/people/{id}/password",
            new { token = (string)invited["link"]!["token"]!, password = Password })).Expect(HttpStatusCode.NoContent);
        var (client, session) = await factory.SignInAsync(email, Password);
        return new Staff(Guid.Parse(id), email, (string)invited["name"]!, client, session);
    }

    /// <summary>A client with its own cookie jar on https (the cookie is Secure outside Development) that signed in.</summary>
    public static async Task<(HttpClient Client, JsonNode Session)> SignInAsync(this CmsFactory factory, string email, string password)
    {
        var client = factory.CreateBrowserClient();
        var session = await (await client.Post("/api/v1/session", new { email, password })).Expect(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Add("X-CSRF-Token", (string)session["csrfToken"]!);
        return (client, session);
    }

    /// <summary>A client as a browser is: cookies kept, no key.</summary>
    public static HttpClient CreateBrowserClient(this CmsFactory factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = factory.BrowserAddress, HandleCookies = true });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }
}

public sealed record Staff(Guid Id, string Email, string Name, HttpClient Client, JsonNode Session);
