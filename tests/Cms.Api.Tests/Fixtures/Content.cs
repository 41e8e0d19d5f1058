using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Fixtures;

/// <summary>Creates the authors, tags and articles a test stands on, each with unique names.</summary>
public static class Content
{
    public static async Task<JsonNode> CreateAuthor(this HttpClient client, string? name = null, object? extra = null)
    {
        var body = Merge(new JsonObject { ["name"] = name ?? Http.Unique("Reporter") }, extra);
        return await (await client.Post("/api/v1/authors", body.ToJsonString())).Expect(HttpStatusCode.Created);
    }

    /// <summary>A new asset: a JPEG of this size in a colour of its own (so never the same bytes twice).</summary>
    public static async Task<JsonNode> UploadPhoto(this HttpClient client, int width, int height, string? alt = null, string? credit = null)
    {
        using var image = (NetVips.Image.Black(width, height, bands: 3)
            + new double[] { Random.Shared.Next(256), Random.Shared.Next(256), Random.Shared.Next(256) }).Cast(NetVips.Enums.BandFormat.Uchar);
        var form = new MultipartFormDataContent { { new ByteArrayContent(image.JpegsaveBuffer()), "file", "foto.jpg" } };
        foreach (var (name, value) in new[] { ("alt", alt), ("credit", credit) })
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }
        return await (await client.PostAsync("/api/v1/assets", form)).Expect(HttpStatusCode.Created);
    }

    public static async Task<JsonNode> CreateTag(this HttpClient client, string? name = null)
    {
        var body = new JsonObject { ["name"] = name ?? Http.Unique("Tag") };
        return await (await client.Post("/api/v1/tags", body.ToJsonString())).Expect(HttpStatusCode.Created);
    }

    public static async Task<JsonNode> CreateArticle(this HttpClient client, object? extra = null)
    {
        var body = Merge(new JsonObject { ["title"] = Http.Unique("Berita"), ["body"] = "Isi berita." }, extra);
        return await (await client.Post("/api/v1/articles", body.ToJsonString())).Expect(HttpStatusCode.Created);
    }

    /// <summary>A published article with this title, a new author's byline and, when given, the tag.</summary>
    public static async Task<JsonNode> PublishArticle(this HttpClient editor, string title, JsonNode? tag = null)
    {
        var author = await editor.CreateAuthor();
        return await editor.CreateArticle(new
        {
            title, body = "Isi berita lengkap.", status = "published", publishedAt = "2024-06-19T12:04:00+07:00",
            authors = new[] { new { authorId = (string)author["id"]! } },
            tags = tag is null ? Array.Empty<object>() : [new { tagId = (string)tag["id"]! }],
        });
    }

    private static JsonObject Merge(JsonObject body, object? extra)
    {
        if (extra is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra, Http.Json))!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }
        return body;
    }
}
