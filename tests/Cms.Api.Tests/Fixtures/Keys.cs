using System.Net;

namespace Cms.Api.Tests.Fixtures;

/// <summary>Makes API keys through the API, as an admin would.</summary>
public static class Keys
{
    public static async Task<string> CreateKey(this CmsFactory factory, string role)
    {
        var response = await factory.CreateClient().Post("/api/v1/keys", new { name = Http.Unique(role), role });
        return (string)(await response.Expect(HttpStatusCode.Created))["secret"]!;
    }

    public static async Task<string> CreateRevokedKey(this CmsFactory factory)
    {
        var admin = factory.CreateClient();
        var key = await (await admin.Post("/api/v1/keys", new { name = Http.Unique("revoked"), role = "admin" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{key["id"]}")).StatusCode);
        return (string)key["secret"]!;
    }
}
