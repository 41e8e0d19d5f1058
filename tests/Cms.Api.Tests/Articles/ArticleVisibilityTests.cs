using Cms.Data.Articles;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// Tag and author pages filter on the listing time copied onto link rows; the article list, single reads and
/// sync filter on the rule itself. The two must agree for every status and time, or a story would show on its
/// tag page and not on the front page (or the other way round).
/// </summary>
public sealed class ArticleVisibilityTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 19, 5, 4, 0, TimeSpan.Zero);

    public static TheoryData<ArticleStatus, int?> Cases()
    {
        var cases = new TheoryData<ArticleStatus, int?>();
        foreach (var status in Enum.GetValues<ArticleStatus>())
        {
            foreach (var minutes in new int?[] { null, -60, 0, 60 })
            {
                cases.Add(status, minutes);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_link_is_listed_exactly_when_its_article_is_visible(ArticleStatus status, int? minutesFromNow)
    {
        var article = new Article
        {
            Slug = "s", Title = "t", Excerpt = "", Body = "", BodyHtml = "", Language = "id", Status = status,
            PublishedAt = minutesFromNow is { } minutes ? Now.AddMinutes(minutes) : null,
        };

        var visible = ArticleVisibility.Visible(Now).Compile()(article);
        var listed = ArticleVisibility.ListedAt.Compile()(article) <= Now;

        Assert.Equal(visible, listed);
        Assert.Equal(visible, ArticleVisibility.IsVisible(ArticleVisibility.Shown(status, article.PublishedAt, Now),
            article.PublishedAt, Now));
    }
}
