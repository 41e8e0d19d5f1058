using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Articles;
using Cms.Data;
using Cms.Data.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// Every article's copy of its bylines and tags (what reads show, <see cref="ArticleLinkCopies"/>)
/// equals what its link rows and its authors' and tags' rows say, after every kind of write that could change it.
/// </summary>
public abstract class ArticleLinkCopiesTests(CmsFactory factory)
{
    private readonly HttpClient _editor = factory.CreateClient();

    [Fact]
    public async Task The_copy_agrees_with_the_links_after_every_kind_of_write()
    {
        var (a, b) = (await _editor.CreateAuthor(extra: new { title = "Wartawan", avatarUrl = "https://img.example/a.jpg" }),
            await _editor.CreateAuthor());
        var (t1, t2, t3) = (await _editor.CreateTag(), await _editor.CreateTag(), await _editor.CreateTag());
        var x = await _editor.CreateArticle(new
        {
            authors = new object[] { new { authorId = Id(a) }, new { authorId = Id(b), role = "photographer" } },
            tags = new[] { new { tagId = Id(t1) }, new { tagId = Id(t2) } },
        });
        var y = await _editor.CreateArticle(new
        {
            authors = new[] { new { authorId = Id(b) } }, tags = new[] { new { tagId = Id(t2) }, new { tagId = Id(t3) } },
        });
        var articles = new[] { Guid.Parse(Id(x)), Guid.Parse(Id(y)) };
        await AssertCopiesAgree(articles, bylines: [2, 1], tags: [2, 2]);

        // The article's own links: reordered, a role changed, a tag swapped.
        var current = await _editor.GetAsync($"/api/v1/articles/{Id(x)}");
        await (await _editor.Patch($"/api/v1/articles/{Id(x)}", new
        {
            authors = new object[] { new { authorId = Id(b), role = "editor" }, new { authorId = Id(a) } },
            tags = new[] { new { tagId = Id(t3) } },
        }, current.ETag())).Expect(HttpStatusCode.OK);
        await AssertCopiesAgree(articles, bylines: [2, 1], tags: [1, 2]);

        // An author's shown fields, and one the copy does not show.
        await Patch($"/api/v1/authors/{Id(a)}", new { name = "Nama Baru", title = "Redaktur", avatarUrl = (string?)null });
        await Patch($"/api/v1/authors/{Id(b)}", new { bio = "Hanya biodata." });
        await AssertCopiesAgree(articles, bylines: [2, 1], tags: [1, 2]);

        // A tag renamed, then a tag deleted from under both articles.
        await Patch($"/api/v1/tags/{Id(t3)}", new { name = "Topik Baru", slug = $"topik-baru-{Guid.NewGuid():N}" });
        await AssertCopiesAgree(articles, bylines: [2, 1], tags: [1, 2]);
        await (await _editor.DeleteAsync($"/api/v1/tags/{Id(t3)}")).Expect(HttpStatusCode.NoContent);
        await AssertCopiesAgree(articles, bylines: [2, 1], tags: [0, 1]);

        // A workflow step saves the article without touching its links.
        await (await _editor.PostAsync($"/api/v1/articles/{Id(y)}/publish", null)).Expect(HttpStatusCode.OK);
        await AssertCopiesAgree(articles, bylines: [2, 1], tags: [0, 1]);
    }

    [Fact]
    public async Task The_image_copies_agree_with_the_assets_after_every_kind_of_write()
    {
        var (p, q) = (await _editor.UploadPhoto(800, 600, alt: "P"), await _editor.UploadPhoto(600, 800, credit: "Q/Net"));
        var x = await _editor.CreateArticle(new { body = $"![a](asset:{Id(p)})\n\n![b](asset:{Id(q)})\n\n![c](asset:{Id(p)})" });
        var y = await _editor.CreateArticle(new
        {
            featureImage = new { assetId = Id(q) }, body = $"![](asset:{Id(p)})",
            authors = new[] { new { authorId = Id(await _editor.CreateAuthor()) } },
        });
        var articles = new[] { Guid.Parse(Id(x)), Guid.Parse(Id(y)) };
        await AssertImageCopiesAgree(articles, shown: [2, 1]);

        // An asset's shown fields, and one the copies do not show.
        await Patch($"/api/v1/assets/{Id(p)}", new { alt = "P baru", credit = "Antara", focalPoint = new { x = 0.25, y = 0.75 } });
        await Patch($"/api/v1/assets/{Id(q)}", new { caption = "Hanya keterangan." });
        await AssertImageCopiesAgree(articles, shown: [2, 1]);

        // The body no longer shows one; a workflow step saves without touching the body.
        await Patch($"/api/v1/articles/{Id(x)}", new { body = $"Hanya satu: ![](asset:{Id(q)})" });
        await (await _editor.PostAsync($"/api/v1/articles/{Id(y)}/publish", null)).Expect(HttpStatusCode.OK);
        await AssertImageCopiesAgree(articles, shown: [1, 1]);
    }

    [Fact]
    public async Task A_rebuild_rewrites_only_the_copies_that_are_wrong()
    {
        var author = await _editor.CreateAuthor();
        var tag = await _editor.CreateTag();
        var article = await _editor.CreateArticle(new
        {
            authors = new[] { new { authorId = Id(author) } }, tags = new[] { new { tagId = Id(tag) } },
        });
        var id = Guid.Parse(Id(article));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();

        Assert.Equal(0, await ArticleLinkCopies.RebuildAsync(db, [id], CancellationToken.None));
        await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.TagsJson, "[]"));
        Assert.Equal(1, await ArticleLinkCopies.RebuildAsync(db, [id], CancellationToken.None));
        await AssertCopiesAgree([id], bylines: [1], tags: [1]);
    }

    [Fact]
    public async Task A_new_article_goes_in_with_the_copies_a_rebuild_would_write()
    {
        var (lead, shown) = (await _editor.UploadPhoto(800, 600, alt: "Presiden"), await _editor.UploadPhoto(600, 800, credit: "Putin/Net"));
        var author = await _editor.CreateAuthor(extra: new { title = "Wartawan", avatarUrl = "https://img.example/a.jpg" });
        var article = await _editor.CreateArticle(new
        {
            featureImage = new { assetId = Id(lead) }, body = $"![](asset:{Id(shown)})",
            authors = new object[] { new { authorId = Id(author), role = "photographer" }, new { authorId = Id(await _editor.CreateAuthor()) } },
            tags = new[] { new { tagId = Id(await _editor.CreateTag()) }, new { tagId = Id(await _editor.CreateTag()) } },
        });
        var id = Guid.Parse(Id(article));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var saved = await Copies(db, id);

        // What the rebuild writes from the link rows.
        await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.BylinesJson, "[]")
            .SetProperty(a => a.TagsJson, "[]").SetProperty(a => a.BodyAssetsJson, "[]").SetProperty(a => a.FeatureImageAssetJson, (string?)null));
        Assert.Equal(1, await ArticleLinkCopies.RebuildAsync(db, [id], CancellationToken.None));
        var rebuilt = await Copies(db, id);

        Assert.All(saved.Zip(rebuilt), pair => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pair.First), JsonNode.Parse(pair.Second)),
            $"saved {pair.First}\nrebuilt {pair.Second}"));
        if (factory.Provider == "Postgres")
        {
            // Written with the row by the save (System.Text.Json's spelling), not a second time by the rebuild (PostgreSQL's).
            Assert.All(saved, copy => Assert.DoesNotContain("\" : ", copy));
            Assert.All(rebuilt, copy => Assert.Contains("\" : ", copy));
        }

        static async Task<string[]> Copies(CmsDbContext db, Guid id) => await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new[] { a.BylinesJson, a.TagsJson, a.BodyAssetsJson, a.FeatureImageAssetJson! }).SingleAsync();
    }

    private async Task Patch(string url, object body)
    {
        var current = await _editor.GetAsync(url);
        await (await _editor.Patch(url, body, current.ETag())).Expect(HttpStatusCode.OK);
    }

    /// <summary>For each article: its copy, parsed as reads parse it, equals its links read through the join.</summary>
    private async Task AssertCopiesAgree(Guid[] articles, int[] bylines, int[] tags)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        for (var i = 0; i < articles.Length; i++)
        {
            var id = articles[i];
            var copy = await db.Articles.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.BylinesJson, x.TagsJson }).SingleAsync();
            var joinedBylines = await db.ArticleAuthors.AsNoTracking().Where(l => l.ArticleId == id).OrderBy(l => l.Position)
                .Select(l => new Byline(l.AuthorId, l.Author.Slug, l.Author.Name, l.Author.Title, l.Author.AvatarUrl, l.Role))
                .ToListAsync();
            var joinedTags = await db.ArticleTags.AsNoTracking().Where(l => l.ArticleId == id).OrderBy(l => l.Position)
                .Select(l => new TagSummary(l.TagId, l.Tag.Slug, l.Tag.Name)).ToListAsync();

            Assert.Equal(bylines[i], joinedBylines.Count);
            Assert.Equal(tags[i], joinedTags.Count);
            Assert.Equal(joinedBylines, ArticleLinks.Bylines(copy.BylinesJson));
            Assert.Equal(joinedTags, ArticleLinks.Tags(copy.TagsJson));
        }
    }

    /// <summary>For each article: its copies of its lead image's and body's assets, parsed as reads parse them, equal the asset rows.</summary>
    private async Task AssertImageCopiesAgree(Guid[] articles, int[] shown)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        for (var i = 0; i < articles.Length; i++)
        {
            var id = articles[i];
            var copy = await db.Articles.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new { x.FeatureImageAssetId, x.FeatureImageAssetJson, x.BodyAssetsJson }).SingleAsync();
            var joined = await db.Assets.AsNoTracking()
                .Where(s => db.ArticleBodyAssets.Any(m => m.ArticleId == id && m.AssetId == s.Id) || s.Id == copy.FeatureImageAssetId)
                .Select(s => new ArticleLinks.AssetCopy(s.Id, s.OriginalKey, s.ContentType, s.Width, s.Height, s.Sha256, s.FocalX, s.FocalY,
                    s.Alt, s.Credit))
                .ToListAsync();
            var body = await db.ArticleBodyAssets.AsNoTracking().Where(m => m.ArticleId == id).Select(m => m.AssetId).ToListAsync();

            Assert.Equal(shown[i], body.Count);
            Assert.Equal(joined.Where(a => body.Contains(a.Id)).OrderBy(a => a.Id.ToString()),
                ArticleLinks.BodyAssets(copy.BodyAssetsJson).OrderBy(a => a.Id.ToString()));
            Assert.Equal(joined.SingleOrDefault(a => a.Id == copy.FeatureImageAssetId), ArticleLinks.Asset(copy.FeatureImageAssetJson));
        }
    }

    private static string Id(JsonNode node) => (string)node["id"]!;
}

public sealed class ArticleLinkCopiesTestsOnSqlite(SqliteCmsFactory factory) : ArticleLinkCopiesTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class ArticleLinkCopiesTestsOnPostgres(PostgresCmsFactory factory) : ArticleLinkCopiesTests(factory), IClassFixture<PostgresCmsFactory>;
