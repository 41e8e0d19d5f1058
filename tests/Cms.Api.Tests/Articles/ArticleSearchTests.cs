using System.Net;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Data.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// Full-text search, the same tests on both providers. Each test scopes its articles with a tag of its
/// own, since the database is shared by the class.
/// </summary>
public abstract class ArticleSearchTests(CmsFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Kunjungi_korea_finds_a_story_that_says_kunjungannya_ke_Korea_Utara()
    {
        var tag = await _client.CreateTag();
        var story = await Publish(tag, "Presiden Bertolak ke Pyongyang",
            body: "JAKARTA — Menteri Luar Negeri menyebut kunjungannya ke Korea Utara sebagai langkah bersejarah.");
        await Publish(tag, "Harga Cabai Naik", body: "Harga cabai di pasar induk naik menjelang Lebaran.");

        var hits = await Search(tag, "kunjungi korea");

        Assert.Equal([Id(story)], Ids(hits));
        Assert.Equal(
            "JAKARTA — Menteri Luar Negeri menyebut <mark>kunjungannya</mark> ke <mark>Korea</mark> Utara sebagai langkah bersejarah.",
            (string?)hits["data"]![0]!["highlight"]);
        Assert.Equal(1, (int)hits["meta"]!["totalItems"]!);
    }

    [Fact]
    public async Task Search_ignores_case_and_accents_both_ways()
    {
        var tag = await _client.CreateTag();
        var accented = await Publish(tag, "Présiden Menerima Delegasi", body: "Isi berita.");
        var plain = await Publish(tag, "Resepsi di Istana", body: "Kafe di depan istana ramai.", publishedAt: "2024-06-18T12:00:00Z");

        Assert.Equal([Id(accented)], Ids(await Search(tag, "PRESIDEN")));
        Assert.Equal([Id(plain)], Ids(await Search(tag, "kafé")));
        Assert.Equal("<mark>Présiden</mark> Menerima Delegasi", (string?)(await Search(tag, "presiden"))["data"]![0]!["highlight"]);
    }

    [Fact]
    public async Task The_last_word_matches_as_a_prefix_while_typing_but_not_after_a_space()
    {
        var tag = await _client.CreateTag();
        var story = await Publish(tag, "Gempa di Sulawesi", body: "Gempa mengguncang Sulawesi Tengah pagi ini.");

        Assert.Equal([Id(story)], Ids(await Search(tag, "gempa sulaw")));
        Assert.Equal([Id(story)], Ids(await Search(tag, "sul")));
        Assert.Empty(Ids(await Search(tag, "sulaw ")));
        Assert.Empty(Ids(await Search(tag, "sulaw gempa")));
        Assert.Equal("Gempa mengguncang <mark>Sulawesi</mark> Tengah pagi ini.",
            (string?)(await Search(tag, "sulaw"))["data"]![0]!["highlight"]);
    }

    [Fact]
    public async Task A_word_being_typed_matches_words_that_start_with_it_not_every_word_that_starts_with_its_stem()
    {
        var tag = await _client.CreateTag();
        var sudiati = await Publish(tag, "Suci Sudiati Terpilih", body: "Isi berita.");
        await Publish(tag, "Suci Sudiatmo Terpilih", body: "Isi berita.", publishedAt: "2024-06-18T12:00:00Z");

        // "sudiati" is stemmed "sudiat", a prefix of Sudiatmo: the name typed in full finds only its owner.
        Assert.Equal([Id(sudiati)], Ids(await Search(tag, "suci sudiati")));
        Assert.Equal([Id(sudiati)], Ids(await Search(tag, "suci sudiati ")));
        Assert.Equal(2, Ids(await Search(tag, "suci sudia")).Count);
        Assert.Equal(1, (int)(await Search(tag, "suci sudiati"))["meta"]!["totalItems"]!);
        Assert.Equal(1, (int)(await Search(tag, "suci sudiati", "&sort=-publishedAt"))["meta"]!["totalItems"]!);
    }

    [Fact]
    public async Task Every_word_must_match()
    {
        var tag = await _client.CreateTag();
        await Publish(tag, "Banjir di Jakarta", body: "Banjir merendam permukiman.");

        Assert.Single(Ids(await Search(tag, "banjir jakarta")));
        Assert.Empty(Ids(await Search(tag, "banjir surabaya")));
    }

    [Fact]
    public async Task English_articles_are_stemmed_as_English()
    {
        var tag = await _client.CreateTag();
        var english = await Publish(tag, "Ministers visited Seoul", body: "The ministers were visiting Seoul for talks.", language: "en");

        var hits = await Search(tag, "minister visit seoul ");

        Assert.Equal([Id(english)], Ids(hits));
        Assert.Equal("The <mark>ministers</mark> were <mark>visiting</mark> <mark>Seoul</mark> for talks.",
            (string?)hits["data"]![0]!["highlight"]);
    }

    [Fact]
    public async Task A_title_match_ranks_above_a_body_match_and_equal_ranks_come_newer_first()
    {
        var tag = await _client.CreateTag();
        var inBody = await Publish(tag, "Rapat Kabinet", body: "Rapat membahas anggaran pendidikan.", publishedAt: "2024-06-20T12:00:00Z");
        var older = await Publish(tag, "Anggaran Pendidikan Naik", body: "Isi berita.", publishedAt: "2024-06-10T12:00:00Z");
        var newer = await Publish(tag, "Anggaran Pendidikan Naik", body: "Isi berita.", publishedAt: "2024-06-15T12:00:00Z");

        Assert.Equal([Id(newer), Id(older), Id(inBody)], Ids(await Search(tag, "anggaran pendidikan ")));
        Assert.Equal([Id(inBody), Id(newer), Id(older)], Ids(await Search(tag, "anggaran pendidikan ", "&sort=-publishedAt")));
    }

    [Fact]
    public async Task Search_combines_with_filters_and_readers_never_find_drafts()
    {
        var tag = await _client.CreateTag();
        var june = await Publish(tag, "Pemilu Serentak", body: "Isi berita.", publishedAt: "2024-06-19T12:00:00Z");
        await Publish(tag, "Pemilu Serentak", body: "Isi berita.", publishedAt: "2024-05-19T12:00:00Z");
        var english = await Publish(tag, "Pemilu explained", body: "Isi berita.", publishedAt: "2024-06-20T12:00:00Z", language: "en");
        var draft = await _client.CreateArticle(new { title = "Pemilu Draf", tags = new[] { new { tagId = (string)tag["id"]! } } });

        Assert.Equal([Id(june)], Ids(await Search(tag, "pemilu", "&language=id&publishedAfter=2024-06-01")));
        Assert.Equal([Id(english)], Ids(await Search(tag, "pemilu", "&language=en")));
        var anonymous = factory.CreateAnonymousClient();
        var seen = await (await anonymous.GetAsync($"/api/v1/articles?tag={tag["slug"]}&q=pemilu")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(Id(draft), Ids(seen));
        Assert.Equal(3, Ids(seen).Count);
        Assert.Equal([Id(draft)], Ids(await Search(tag, "pemilu", "&status=draft")));
    }

    [Fact]
    public async Task Edits_and_deletes_reach_the_search_at_once()
    {
        var tag = await _client.CreateTag();
        var story = await Publish(tag, "Kebakaran Hutan", body: "Api melahap hutan di Riau.");
        var response = await _client.GetAsync($"/api/v1/articles/{Id(story)}");

        await (await _client.Patch($"/api/v1/articles/{Id(story)}", new { body = "Asap menyelimuti Pekanbaru." }, response.ETag()))
            .Expect(HttpStatusCode.OK);

        Assert.Empty(Ids(await Search(tag, "riau ")));
        Assert.Equal([Id(story)], Ids(await Search(tag, "pekanbaru ")));
        Assert.Equal([Id(story)], Ids(await Search(tag, "hutan ")));

        await (await _client.DeleteAsync($"/api/v1/articles/{Id(story)}")).Expect(HttpStatusCode.NoContent);
        Assert.Empty(Ids(await Search(tag, "pekanbaru ")));
    }

    [Fact]
    public async Task The_highlight_is_escaped_html_and_fields_can_ask_for_it()
    {
        var tag = await _client.CreateTag();
        await Publish(tag, "Saham AT&T Turun", body: "Saham AT&T tajam.");

        var hits = await Search(tag, "saham", "&fields=title,highlight");

        var item = hits["data"]![0]!.AsObject();
        Assert.Equal(["title", "highlight"], item.Select(p => p.Key));
        Assert.Equal("<mark>Saham</mark> AT&amp;T tajam.", (string?)item["highlight"]);
        Assert.Null((await List($"tag={tag["slug"]}"))["data"]![0]!["highlight"]);
    }

    [Fact]
    public async Task Search_results_page_by_number_and_by_cursor_without_repeats()
    {
        var tag = await _client.CreateTag();
        var all = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            all.Add(Id(await Publish(tag, $"Sepak Bola {i}", body: i % 2 == 0 ? "Sepak bola, sepak bola." : "Isi berita.",
                publishedAt: $"2024-06-{10 + i:00}T12:00:00Z")));
        }

        var numbered = await Search(tag, "sepak bola ", "&pageSize=3&page=3");
        Assert.Equal(7, (int)numbered["meta"]!["totalItems"]!);
        Assert.Single(Ids(numbered));

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Search(tag, "sepak bola ", "&pageSize=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(Ids(page));
            cursor = (string?)page["meta"]!["nextCursor"];
        }
        while (cursor is not null && seen.Count < 20);

        Assert.Equal(all.Order(), seen.Order());
        Assert.Equal(seen, Ids(await Search(tag, "sepak bola ", "&pageSize=7")));
    }

    [Theory]
    [InlineData("q=%21%21%21", "q")]
    [InlineData("q=%20", "q")]
    [InlineData("sort=relevance", "sort")]
    public async Task A_search_that_cannot_run_is_a_400_naming_the_parameter(string query, string parameter)
    {
        await (await _client.GetAsync($"/api/v1/articles?{query}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", parameter);
    }

    [Fact]
    public async Task A_search_longer_than_200_characters_is_a_400()
    {
        await (await _client.GetAsync($"/api/v1/articles?q={new string('a', 201)}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter", "q");
    }

    [Fact]
    public async Task Quotes_and_search_operators_in_a_query_are_just_words()
    {
        var tag = await _client.CreateTag();
        var story = await Publish(tag, "Tarif Listrik Naik", body: "Isi berita.");

        Assert.Equal([Id(story)], Ids(await Search(tag, "\"tarif\" listrik* -naik:* & | ! 'naik' (listrik)")));
    }

    [Fact]
    public async Task A_word_being_typed_finds_words_first_written_by_the_latest_save()
    {
        var tag = await _client.CreateTag();
        var prefix = NewWord();
        var first = await Publish(tag, "Banjir Rob di Pesisir", body: $"Warga {prefix}brt mengungsi.");
        var second = await Publish(tag, "Banjir Rob Surut", body: "Air mulai surut.", publishedAt: "2024-06-18T12:00:00Z");

        Assert.Equal([Id(first)], Ids(await Search(tag, $"banjir {prefix}")));

        // A word no story held before, written by an edit: found by what was typed of it at once.
        var response = await _client.GetAsync($"/api/v1/articles/{Id(second)}");
        await (await _client.Patch($"/api/v1/articles/{Id(second)}", new { body = $"Air surut di {prefix}kls." }, response.ETag()))
            .Expect(HttpStatusCode.OK);

        var both = await Search(tag, $"banjir {prefix}");
        Assert.Equal(new[] { Id(first), Id(second) }.Order(), Ids(both).Order());
        Assert.Equal(2, (int)both["meta"]!["totalItems"]!);
        Assert.Equal([Id(second)], Ids(await Search(tag, $"banjir {prefix}k")));
        Assert.Empty(Ids(await Search(tag, $"banjir {prefix}x")));
    }

    [Fact]
    public async Task A_prefix_that_starts_more_words_than_are_looked_up_still_finds_every_story()
    {
        var tag = await _client.CreateTag();
        var prefix = NewWord();
        var words = Enumerable.Range(0, PostgresArticleSearch.MaxCompletions + 6).Select(i => prefix + Letters(i)).ToList();
        var many = await Publish(tag, "Daftar Kata", body: string.Join(' ', words));
        var one = await Publish(tag, "Kata Terakhir", body: words[^1], publishedAt: "2024-06-18T12:00:00Z");

        var hits = await Search(tag, $"kata {prefix}");
        Assert.Equal(new[] { Id(many), Id(one) }.Order(), Ids(hits).Order());
        Assert.Equal(2, (int)hits["meta"]!["totalItems"]!);
        Assert.Equal([Id(many)], Ids(await Search(tag, $"kata {words[0]}")));
    }

    [Fact]
    public async Task Stories_saved_at_once_with_the_same_new_words_are_all_saved_and_found()
    {
        var tag = await _client.CreateTag();
        var prefix = NewWord();
        var words = Enumerable.Range(0, 12).Select(i => prefix + Letters(i)).ToArray();

        // Each story writes the same new words in its own order.
        var stories = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Publish(tag, $"Serentak {i}", body: string.Join(' ', words.OrderBy(w => w.GetHashCode() ^ i)))));

        var hits = await Search(tag, $"serentak {prefix}", "&pageSize=20");
        Assert.Equal(stories.Select(Id).Order(), Ids(hits).Order());
    }

    /// <summary>A word no other test writes: "zq" and five consonants (no stemmer finds an affix in it).</summary>
    private static string NewWord() => "zq" + string.Concat(Enumerable.Range(0, 5).Select(_ => Consonants[Random.Shared.Next(Consonants.Length)]));

    private const string Consonants = "bcdfghjklmnpqrstvwxz";

    /// <summary>Two consonants for a number below 400, different for each.</summary>
    private static string Letters(int i) => $"{Consonants[i / Consonants.Length]}{Consonants[i % Consonants.Length]}";

    private async Task<JsonNode> Publish(JsonNode tag, string title, string body, string publishedAt = "2024-06-19T12:04:00+07:00",
        string language = "id")
    {
        var author = await _client.CreateAuthor();
        return await _client.CreateArticle(new
        {
            title, body, status = "published", publishedAt, language,
            authors = new[] { new { authorId = (string)author["id"]! } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
    }

    private Task<JsonNode> Search(JsonNode tag, string q, string more = "") =>
        List($"tag={tag["slug"]}&q={Uri.EscapeDataString(q)}{more}");

    private async Task<JsonNode> List(string query) =>
        await (await _client.GetAsync($"/api/v1/articles?{query}")).Expect(HttpStatusCode.OK);

    private static string Id(JsonNode node) => (string)node["id"]!;

    private static List<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(a => Id(a!)).ToList();
}

public sealed class ArticleSearchTestsOnSqlite(SqliteCmsFactory factory) : ArticleSearchTests(factory), IClassFixture<SqliteCmsFactory>
{
    [Fact]
    public async Task Startup_refills_a_search_index_that_lost_its_rows()
    {
        var client = factory.CreateClient();
        var tag = await client.CreateTag();
        await client.CreateArticle(new { title = "Gunung Merapi Erupsi", tags = new[] { new { tagId = (string)tag["id"]! } } });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ArticleSearch" """);

        var indexed = await db.Search.EnsureIndexAsync(db);

        Assert.Equal(await db.Articles.CountAsync(), indexed);
        var hits = await (await client.GetAsync($"/api/v1/articles?tag={tag["slug"]}&q=merapi")).Expect(HttpStatusCode.OK);
        Assert.Single(hits["data"]!.AsArray());
        Assert.Equal(0, await db.Search.EnsureIndexAsync(db));
    }
}

public sealed class ArticleSearchTestsOnPostgres(PostgresCmsFactory factory) : ArticleSearchTests(factory), IClassFixture<PostgresCmsFactory>
{
    /// <summary>
    /// GIN is given a word being typed as its completions from "SearchLexemes" rather than as a prefix: the
    /// matches must be the same, ranked or not, whatever was typed of the words.
    /// </summary>
    [Fact]
    public async Task Completions_of_a_word_being_typed_match_what_its_prefix_matches()
    {
        var client = factory.CreateClient();
        var tag = await client.CreateTag();
        var prefix = "zqv" + string.Concat(Enumerable.Range(0, 4).Select(_ => "bcdfghjklmnp"[Random.Shared.Next(12)]));
        string[] bodies = [$"{prefix}a pasar", $"{prefix}ab pasar", $"{prefix}abc Pasar", $"pasar {prefix}x", "pasar saja", $"{prefix}abc"];
        foreach (var body in bodies)
        {
            await client.CreateArticle(new { title = "Kabar " + body, tags = new[] { new { tagId = (string)tag["id"]! } } });
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Equal([prefix + "a", prefix + "ab", prefix + "abc", prefix + "x"], await db.Database
            .SqlQuery<string>($"""SELECT "Lexeme" AS "Value" FROM "SearchLexemes" WHERE "Lexeme" LIKE {prefix + "%"} ORDER BY 1""").ToListAsync());

        foreach (var typed in new[] { "pasar " + prefix, "pasar " + prefix + "a", "pasar " + prefix + "ab", prefix + "x", "pasar " + prefix + "q" })
        {
            var query = SearchQuery.Parse(typed)!;
            var completed = await db.Search.CompleteAsync(db, query, default);
            Assert.NotNull(completed.Completions);

            Assert.Equal(await Matches(db.Search.Hits(db, query)), await Matches(db.Search.Hits(db, completed)));
            Assert.Equal(await Matches(db.Search.RankedHits(db, query, 0)), await Matches(db.Search.RankedHits(db, completed, 0)));
        }
        Assert.Equal(4, (await Matches(db.Search.Hits(db, await db.Search.CompleteAsync(db, SearchQuery.Parse("pasar " + prefix)!, default)))).Count);

        // A last character whose successor is not next to it in C order: no lookup, the prefix as it is.
        Assert.Null((await db.Search.CompleteAsync(db, SearchQuery.Parse("pasar \uFB01")!, default)).Completions);
        Assert.NotNull(await (await client.GetAsync($"/api/v1/articles?tag={tag["slug"]}&q=pasar%20{Uri.EscapeDataString("\uD7FF\uFB01")}"))
            .Expect(System.Net.HttpStatusCode.OK));
    }

    /// <summary>
    /// The archive's words come from saves (PostgresArticleSearch.IndexChanges, no trigger): a new story's, a rewritten
    /// story's new ones; a save that leaves the text alone looks none up.
    /// </summary>
    [Fact]
    public async Task A_save_adds_the_words_of_the_text_it_writes()
    {
        var client = factory.CreateClient();
        var (first, second) = (NewWord(), NewWord());
        var article = await client.CreateArticle(new { title = $"Kabar {first}" });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Equal([first], await Words(db, first));

        var id = (string)article["id"]!;
        var current = await client.GetAsync($"/api/v1/articles/{id}");
        await (await client.Patch($"/api/v1/articles/{id}", new { body = $"Isi berita {second}." }, current.ETag())).Expect(HttpStatusCode.OK);
        Assert.Equal([second], await Words(db, second));

        var stored = await db.Articles.SingleAsync(a => a.Id == Guid.Parse(id));
        stored.Kicker = "Eksklusif";
        db.ChangeTracker.DetectChanges();
        Assert.Null(db.Search.IndexChanges(db));
        stored.Subtitle = "Baru";
        db.ChangeTracker.DetectChanges();
        Assert.NotNull(db.Search.IndexChanges(db));

        static string NewWord() => "zqw" + string.Concat(Enumerable.Range(0, 6).Select(_ => "bcdfghjklmnp"[Random.Shared.Next(12)]));
        static Task<List<string>> Words(CmsDbContext db, string word) =>
            db.Database.SqlQuery<string>($"""SELECT "Lexeme" AS "Value" FROM "SearchLexemes" WHERE "Lexeme" = {word}""").ToListAsync();
    }

    /// <summary>
    /// GIN's pending list would be read by every search until autovacuum empties it, which at a million
    /// articles waits for months of saves (migration SearchIndexWithoutPendingList).
    /// </summary>
    [Fact]
    public async Task The_search_index_takes_each_write_at_once()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();

        var options = await db.Database.SqlQuery<string>(
            $"""SELECT coalesce(array_to_string(reloptions, ','), '') AS "Value" FROM pg_class WHERE relname = 'IX_Articles_SearchVector'""")
            .SingleAsync();

        Assert.Contains("fastupdate=off", options);
    }

    private static async Task<List<(Guid, double)>> Matches(IQueryable<SearchHit> hits) =>
        (await hits.ToListAsync()).Select(h => (h.ArticleId, Math.Round(h.Rank, 6))).Order().ToList();
}

/// <summary>A test archive is small, so the newest-articles check is switched on from 0 articles here.</summary>
public sealed class RecentCheckPostgresFactory : PostgresCmsFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Cms:SearchRecentCheckFromArticles", "0")];
}

public sealed class CommonWordSearchTests(RecentCheckPostgresFactory factory) : IClassFixture<RecentCheckPostgresFactory>
{
    /// <summary>
    /// A word in more than RankedMatches of the newest articles: its newest matches come from walking the
    /// newest articles, not from GIN (both must give the same set).
    /// </summary>
    [Fact]
    public async Task Relevance_ranks_the_newest_matches_of_a_common_word()
    {
        var client = factory.CreateClient();
        var tag = await client.CreateTag();
        var author = await client.CreateAuthor();
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < PostgresArticleSearch.RankedMatches + 3; i++)
        {
            var article = await client.CreateArticle(new
            {
                title = $"Rembulan {i}", body = "Isi berita.", status = "published", publishedAt = start.AddMinutes(i),
                authors = new[] { new { authorId = (string)author["id"]! } },
                tags = new[] { new { tagId = (string)tag["id"]! } },
            });
            ids.Add((string)article["id"]!);
        }

        var found = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var hits = await (await client.GetAsync($"/api/v1/articles?tag={tag["slug"]}&q=rembulan&pageSize=100&page={page}"))
                .Expect(HttpStatusCode.OK);
            found.AddRange(hits["data"]!.AsArray().Select(a => (string)a!["id"]!));
        }

        Assert.Equal(ids.Skip(3).Order(), found.Order()); // the three oldest are not ranked

        // A word too rare among the newest articles for the check (the probe finds it once) comes from GIN.
        var rare = await client.CreateArticle(new
        {
            title = "Gerhana di Rembulan", body = "Isi berita.", status = "published", publishedAt = start.AddMinutes(-1),
            authors = new[] { new { authorId = (string)author["id"]! } },
            tags = new[] { new { tagId = (string)tag["id"]! } },
        });
        var gerhana = await (await client.GetAsync($"/api/v1/articles?tag={tag["slug"]}&q=gerhana")).Expect(HttpStatusCode.OK);
        Assert.Equal([(string)rare["id"]!], gerhana["data"]!.AsArray().Select(a => (string)a!["id"]!));
    }
}
