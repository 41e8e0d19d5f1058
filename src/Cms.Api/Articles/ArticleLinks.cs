using System.Text.Json;
using System.Text.Json.Serialization;
using Cms.Data.Articles;

namespace Cms.Api.Articles;

/// <summary>
/// An article's bylines and tags as its row keeps them (<see cref="ArticleLinkCopies"/>): the API's own JSON of
/// them, read with the row in the same statement and parsed here. No read joins the link tables for them.
/// </summary>
public static class ArticleLinks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static List<Byline> Bylines(string json) => JsonSerializer.Deserialize<List<Byline>>(json, Json) ?? [];

    public static List<TagSummary> Tags(string json) => JsonSerializer.Deserialize<List<TagSummary>>(json, Json) ?? [];
}
