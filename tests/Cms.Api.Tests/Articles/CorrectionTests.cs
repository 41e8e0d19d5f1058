using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Site;

namespace Cms.Api.Tests.Articles;

/// <summary>Correction notes: added by an editor to a published story, shown to readers, in the feeds and the JSON-LD.</summary>
public abstract class CorrectionTests<TFactory>(TFactory factory) where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _editor = factory.CreateClient();
    private readonly HttpClient _reader = factory.CreateAnonymousClient();

    private async Task<HttpResponseMessage> Correct(string id, string text, string? etag) =>
        await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", new { text }, etag);

    [Fact]
    public async Task A_correction_is_shown_with_the_story_in_the_feeds_and_in_the_json_ld()
    {
        var tag = await _editor.CreateTag();
        var article = await _editor.PublishArticle("Harga cabai turun", tag);
        var id = (string)article["id"]!;
        var etag = (await _editor.GetAsync($"/api/v1/articles/{id}")).ETag();
        const string note = "Koreksi: artikel ini sebelumnya menyebut harga cabai Rp 80.000 per kg; yang benar Rp 60.000 & turun.";
        var corrected = await Correct(id, note, etag);
        var body = await corrected.Expect(HttpStatusCode.OK);
        Assert.NotEqual(etag, corrected.ETag());
        var at = factory.Clock.GetUtcNow();
        var correction = Assert.Single(body["corrections"]!.AsArray())!;
        Assert.Equal(note, (string?)correction["text"]);
        Assert.Equal(at, DateTimeOffset.Parse((string)correction["at"]!), TimeSpan.FromSeconds(1));

        // A second note comes after the first; readers see both.
        await (await Correct(id, "Koreksi kedua.", corrected.ETag())).Expect(HttpStatusCode.OK);
        var read = await (await _reader.GetAsync($"/api/v1/articles/slug/{article["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal([note, "Koreksi kedua."], read["corrections"]!.AsArray().Select(c => (string?)c!["text"]));

        var rss = await (await _reader.GetAsync($"/api/v1/feeds/rss?tag={tag["slug"]}")).Content.ReadAsStringAsync();
        var item = System.Xml.Linq.XDocument.Parse(rss).Descendants("item").Single();
        Assert.EndsWith($"{note} Koreksi kedua.", (string)item.Element("description")!);
        Assert.Contains("Rp 60.000 &amp; turun.</p>", (string)item.Descendants().Single(e => e.Name.LocalName == "encoded"));
        var json = await (await _reader.GetAsync($"/api/v1/feeds/json?tag={tag["slug"]}")).Expect(HttpStatusCode.OK);
        Assert.Contains("class=\"correction\"", (string?)json["items"]![0]!["content_html"]);

        var ld = await (await _reader.GetAsync($"/api/v1/articles/slug/{article["slug"]}/jsonld")).Expect(HttpStatusCode.OK);
        var comments = ld["correction"]!.AsArray();
        Assert.Equal([("CorrectionComment", note), ("CorrectionComment", "Koreksi kedua.")],
            comments.Select(c => ((string?)c!["@type"], (string?)c["text"])));
        Assert.EndsWith("+07:00", (string)comments[0]!["datePublished"]!);

        // A story without notes shows none, and its JSON-LD has no correction at all.
        var plain = await _editor.PublishArticle("Tanpa koreksi");
        Assert.Empty((await (await _reader.GetAsync($"/api/v1/articles/{plain["id"]}")).Expect(HttpStatusCode.OK))["corrections"]!.AsArray());
        Assert.Null((await (await _reader.GetAsync($"/api/v1/articles/slug/{plain["slug"]}/jsonld")).Expect(HttpStatusCode.OK))["correction"]);
    }

    [Fact]
    public async Task Only_editors_correct_published_stories_with_if_match_and_a_note()
    {
        var article = await _editor.PublishArticle("Banjir di Bekasi");
        var id = (string)article["id"]!;
        var etag = (await _editor.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await Correct(id, "Koreksi.", null)).ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await Correct(id, "Koreksi.", "\"999\"")).ExpectProblem(HttpStatusCode.PreconditionFailed, "version_mismatch");
        await (await Correct(id, "   ", etag)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "text");
        await (await Correct(id, new string('x', 2001), etag)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "text");
        await (await _editor.Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", new { }, etag))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "text");
        var writer = factory.CreateClient(await factory.CreateKey("writer"));
        await (await writer.Send(HttpMethod.Post, $"/api/v1/articles/{id}/corrections", new { text = "Koreksi." }, etag))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await Correct(Guid.NewGuid().ToString(), "Koreksi.", etag)).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        var draft = await _editor.CreateArticle();
        var draftTag = (await _editor.GetAsync($"/api/v1/articles/{draft["id"]}")).ETag();
        await (await Correct((string)draft["id"]!, "Koreksi.", draftTag)).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        // Nothing was added by any of these.
        Assert.Empty((await (await _editor.GetAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.OK))["corrections"]!.AsArray());
    }
}

public sealed class CorrectionTestsOnSqlite(SqliteDistributionFactory factory)
    : CorrectionTests<SqliteDistributionFactory>(factory), IClassFixture<SqliteDistributionFactory>;

public sealed class CorrectionTestsOnPostgres(PostgresDistributionFactory factory)
    : CorrectionTests<PostgresDistributionFactory>(factory), IClassFixture<PostgresDistributionFactory>;
