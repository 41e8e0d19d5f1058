using System.Text.Json;
using Cms.Api.Site;
using Cms.Data.Webhooks;

namespace Cms.Api.Webhooks;

/// <summary>The body receivers get: the event's type, its time, and its facts with the frontend url and cache tags.</summary>
public static class WebhookPayload
{
    public static string Body(WebhookEvent e, SiteLinks site)
    {
        var data = JsonSerializer.Deserialize<WebhookEventData>(e.DataJson, JsonSerializerOptions.Web)!;
        string? url = e.Resource switch
        {
            "article" when data.Slug is not null => site.Article(data.Id, data.Slug, data.PublishedAt),
            "liveupdate" when data.Slug is not null && site.Article(data.ArticleId!.Value, data.Slug, data.PublishedAt) is { } page =>
                $"{page}#update-{data.Id:D}",
            "author" when data.Slug is not null => site.Author(data.Id, data.Slug),
            "tag" when data.Slug is not null => site.Tag(data.Id, data.Slug),
            _ => null,
        };
        var cacheTags = new List<string> { $"{e.Resource}:{data.Id}" };
        if (data.ArticleId is { } story)
        {
            // A live update is shown on its story's pages: those are what a CDN purges.
            cacheTags.Add($"article:{story:D}");
            if (data.Slug is not null)
            {
                cacheTags.Add($"article:{data.Slug}");
            }
        }
        else if (data.Slug is not null)
        {
            cacheTags.Add($"{e.Resource}:{data.Slug}");
        }
        if (data.PreviousSlug is not null)
        {
            cacheTags.Add($"{e.Resource}:{data.PreviousSlug}");
        }
        cacheTags.AddRange(data.Tags.Select(t => $"tag:{t}"));
        cacheTags.AddRange(data.Authors.Select(a => $"author:{a}"));
        if (e.Resource == "article")
        {
            cacheTags.Add("articles");
        }
        return JsonSerializer.Serialize(new
        {
            type = e.Type,
            timestamp = e.OccursAt,
            data = new
            {
                resource = e.Resource, data.Id, data.ArticleId, data.Slug, data.PreviousSlug, data.Status, url, data.Language, data.Tags, data.Authors,
                cacheTags = cacheTags.Distinct(), data.Actor,
            },
        }, JsonSerializerOptions.Web);
    }
}
