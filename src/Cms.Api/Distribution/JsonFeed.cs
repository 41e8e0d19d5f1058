using System.ComponentModel;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;

namespace Cms.Api.Distribution;

/// <summary>A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).</summary>
public sealed record JsonFeed(
    string Version,
    string Title,
    [property: JsonPropertyName("home_page_url")] string HomePageUrl,
    [property: JsonPropertyName("feed_url")] string FeedUrl,
    string Description,
    string Language,
    IReadOnlyList<JsonFeedItem> Items)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Icon { get; init; }
}

public sealed record JsonFeedItem(
    [property: Description("urn:uuid: of the article: no rename changes it.")] string Id,
    string Url,
    string Title,
    string Summary,
    [property: JsonPropertyName("date_published"), JsonConverter(typeof(JsonSetup.KeepOffset)), Description("With the site's offset.")]
    DateTimeOffset DatePublished,
    [property: JsonPropertyName("date_modified"), JsonConverter(typeof(JsonSetup.KeepOffset)), Description("With the site's offset.")]
    DateTimeOffset DateModified,
    IReadOnlyList<JsonFeedAuthor> Authors,
    [property: Description("The names of the article's tags.")] IReadOnlyList<string> Tags,
    string Language)
{
    [JsonPropertyName("content_html"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("The whole article (Site:FullContentInFeeds).")]
    public string? ContentHtml { get; init; }

    [JsonPropertyName("content_text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("The summary, when the whole article is not in the feed.")]
    public string? ContentText { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The lead image's url.")]
    public string? Image { get; init; }

    [JsonPropertyName("_image"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
     Description("Extension: the lead image with its size, alt text, caption and credit.")]
    public JsonFeedImage? LeadImage { get; init; }
}

public sealed record JsonFeedAuthor(string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The author's page on the frontend.")]
    public string? Url { get; init; }
}

public sealed record JsonFeedImage(
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Width,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Height,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Alt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Caption,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credit);
