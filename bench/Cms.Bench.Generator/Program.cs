using System.Diagnostics;
using System.Text;
using Bogus;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

// Loads a newsroom's worth of content into a migrated, empty Cms PostgreSQL database with COPY:
// authors (Indonesian names from Bogus' id_ID locale), tags with a skewed popularity, and articles
// spread over twenty years, with bylines and tags. Writes the slugs the load test picks from.
//
//   dotnet run -c Release --project bench/Cms.Bench.Generator -- \
//     --connection "Host=...;Database=cms" --articles 100000 [--authors 300] [--tags 500] [--out bench/data]
var options = Args.Parse(args);
var connectionString = options.Get("connection") ?? throw new ArgumentException("--connection is required");
var articleCount = int.Parse(options.Get("articles") ?? "100000");
var authorCount = int.Parse(options.Get("authors") ?? "300");
var tagCount = int.Parse(options.Get("tags") ?? "500");
var output = options.Get("out") ?? "bench/data";
var years = double.Parse(options.Get("years") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
Directory.CreateDirectory(output);

Randomizer.Seed = new Random(20240619);
var faker = new Faker("id_ID");
var now = DateTimeOffset.UtcNow;
var watch = Stopwatch.StartNew();

// No timeout: finishing a COPY of millions of rows updates every index, which can take minutes.
await using var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
await using var connection = await data.OpenConnectionAsync();

// The search index takes writes at once (the Initial migration turns its pending list off); a bulk load is faster
// through GIN's pending list, which the VACUUM at the end empties before the index is set back.
await using (var pending = new NpgsqlCommand("""ALTER INDEX "IX_Articles_SearchVector" SET (fastupdate = on)""", connection))
{
    await pending.ExecuteNonQueryAsync();
}

var authors = Enumerable.Range(1, authorCount).Select(i => (Id: Guid.CreateVersion7(), Slug: $"penulis-{i}", Name: faker.Name.FullName())).ToArray();
await using (var copy = await connection.BeginBinaryImportAsync(
    """COPY "Authors" ("Id","Slug","Name","Title","Socials","Version","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
{
    foreach (var (id, slug, name) in authors)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(id, NpgsqlDbType.Uuid);
        await copy.WriteAsync(slug);
        await copy.WriteAsync(name);
        await copy.WriteAsync(faker.PickRandom("Reporter", "Redaktur", "Fotografer", "Kontributor"));
        await copy.WriteAsync("{}");
        await copy.WriteAsync(1L);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
    }
    await copy.CompleteAsync();
}

var tags = Enumerable.Range(1, tagCount).Select(i => (Id: Guid.CreateVersion7(), Slug: $"topik-{i}", Name: $"{Words.Topic(i)} {i}")).ToArray();
await using (var copy = await connection.BeginBinaryImportAsync(
    """COPY "Tags" ("Id","Slug","Name","Version","CreatedAt","UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
{
    foreach (var (id, slug, name) in tags)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(id, NpgsqlDbType.Uuid);
        await copy.WriteAsync(slug);
        await copy.WriteAsync(name);
        await copy.WriteAsync(1L);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
    }
    await copy.CompleteAsync();
}

// Twenty years back from now, newest first; 2% drafts, a few stories scheduled for the coming days.
var span = TimeSpan.FromDays(365.25 * years);
var random = new Random(42);
var bylines = new List<(Guid Article, Guid Author, int Position, string Role, DateTimeOffset? ListedAt)>();
var tagLinks = new List<(Guid Article, Guid Tag, int Position, DateTimeOffset? ListedAt)>();
var slugs = new List<string>();
var searches = new List<string>();
var searchEvery = Math.Max(1, articleCount / 200);
await using (var copy = await connection.BeginBinaryImportAsync(
    """
    COPY "Articles" ("Id","Slug","Title","Subtitle","Excerpt","ExcerptIsCustom","Body","BodyHtml","Language","Status",
      "PublishedAt","FeatureImageUrl","FeatureImageAlt","FeatureImageCaption","FeatureImageCredit","WordCount",
      "ReadingTimeMinutes","Version","CreatedAt","UpdatedAt","BylinesJson","TagsJson","BodyAssetsJson","CorrectionsJson",
      "LastRevision") FROM STDIN (FORMAT BINARY)
    """))
{
    for (var i = 0; i < articleCount; i++)
    {
        var id = Guid.CreateVersion7();
        var published = now - span * ((i + 0.5) / articleCount);
        var status = i % 50 == 7 ? "Draft" : i < 3 ? "Scheduled" : "Published";
        DateTimeOffset? publishedAt = status switch { "Draft" => null, "Scheduled" => now.AddDays(i + 1), _ => published };
        // A person in the headline: names are the selective words a reader searches for.
        var person = faker.Name.FullName();
        var title = $"{Words.Sentence(random, 5 + random.Next(4))} {person}";
        // The same number of names to search for at every size, spread over the archive. Bogus has a fixed set of
        // first and last names, so a name recurs more often in a larger archive, as in a newsroom's: about once
        // at 10,000 articles, a page of hits at 1,000,000.
        if (i % searchEvery == 0)
        {
            searches.Add(Uri.EscapeDataString(person.ToLowerInvariant()));
        }
        var paragraphs = Enumerable.Range(0, 3).Select(_ => Words.Sentence(random, 35 + random.Next(20)) + ".").ToArray();
        var body = string.Join("\n\n", paragraphs);
        var wordCount = paragraphs.Sum(p => p.Count(c => c == ' ') + 1);
        var slug = $"{Words.Slug(title.Replace(".", "").Replace(",", "").Replace("'", ""))}-{i}";
        if (status == "Published" && random.Next(10) == 0)
        {
            slugs.Add(slug);
        }
        await copy.StartRowAsync();
        await copy.WriteAsync(id, NpgsqlDbType.Uuid);
        await copy.WriteAsync(slug);
        await copy.WriteAsync(title);
        await copy.WriteAsync(Words.Sentence(random, 10), NpgsqlDbType.Varchar);
        await copy.WriteAsync(paragraphs[0].Length > 160 ? paragraphs[0][..paragraphs[0].LastIndexOf(' ', 159)] + "…" : paragraphs[0]);
        await copy.WriteAsync(false);
        await copy.WriteAsync(body);
        await copy.WriteAsync(string.Concat(paragraphs.Select(p => $"<p>{p}</p>\n")));
        await copy.WriteAsync(random.Next(10) == 0 ? "en" : "id");
        await copy.WriteAsync(status);
        if (publishedAt is { } at)
        {
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
        }
        else
        {
            await copy.WriteNullAsync();
        }
        await copy.WriteAsync($"https://cdn.example.com/foto/{i}.jpg");
        await copy.WriteAsync(title);
        await copy.WriteAsync(Words.Sentence(random, 12));
        await copy.WriteAsync($"{faker.Name.FirstName()}/Net");
        await copy.WriteAsync(wordCount);
        await copy.WriteAsync((int)Math.Ceiling(wordCount / 200.0));
        await copy.WriteAsync(1L);
        await copy.WriteAsync(published, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(published, NpgsqlDbType.TimestampTz);
        // The app writes every column (the schema has no defaults); the copies are rebuilt from the links below.
        foreach (var empty in new[] { "[]", "[]", "[]", "[]" })
        {
            await copy.WriteAsync(empty);
        }
        await copy.WriteAsync(0);

        DateTimeOffset? listed = status == "Draft" ? null : publishedAt;
        var first = authors[Words.Skewed(random, authors.Length)];
        bylines.Add((id, first.Id, 0, "Reporter", listed));
        if (random.Next(5) == 0)
        {
            var second = authors[random.Next(authors.Length)];
            if (second.Id != first.Id)
            {
                bylines.Add((id, second.Id, 1, "Editor", listed));
            }
        }
        foreach (var (tag, position) in Enumerable.Range(0, 1 + random.Next(4)).Select(_ => tags[Words.Skewed(random, tags.Length)].Id)
            .Distinct().Select((t, p) => (t, p)))
        {
            tagLinks.Add((id, tag, position, listed));
        }
        if ((i + 1) % 100_000 == 0)
        {
            Console.Error.WriteLine($"{i + 1} articles, {watch.Elapsed.TotalSeconds:F0} s");
        }
    }
    await copy.CompleteAsync();
}

await using (var copy = await connection.BeginBinaryImportAsync(
    """COPY "ArticleAuthors" ("ArticleId","AuthorId","Position","Role","ListedAt") FROM STDIN (FORMAT BINARY)"""))
{
    foreach (var (article, author, position, role, listed) in bylines)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(article, NpgsqlDbType.Uuid);
        await copy.WriteAsync(author, NpgsqlDbType.Uuid);
        await copy.WriteAsync(position);
        await copy.WriteAsync(role);
        await WriteListedAsync(copy, listed);
    }
    await copy.CompleteAsync();
}

await using (var copy = await connection.BeginBinaryImportAsync(
    """COPY "ArticleTags" ("ArticleId","TagId","Position","ListedAt") FROM STDIN (FORMAT BINARY)"""))
{
    foreach (var (article, tag, position, listed) in tagLinks)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(article, NpgsqlDbType.Uuid);
        await copy.WriteAsync(tag, NpgsqlDbType.Uuid);
        await copy.WriteAsync(position);
        await WriteListedAsync(copy, listed);
    }
    await copy.CompleteAsync();
}

// Each article's copy of its bylines and tags, as the app keeps it: the app's own statement, a batch of articles at a time.
var copies = new DbContextOptionsBuilder<CmsDbContext>();
copies.UseCmsDatabase(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
await using (var db = new CmsDbContext(copies.Options))
{
    foreach (var batch in bylines.Select(b => b.Article).Concat(tagLinks.Select(t => t.Article)).Distinct().Chunk(20_000))
    {
        await ArticleLinkCopies.RebuildAsync(db, batch, CancellationToken.None);
    }
}

// The count of listed articles per month that the app keeps on every write (ListingMonth), as its migration counts it.
await using (var months = new NpgsqlCommand("""
    INSERT INTO "ListingMonths" ("Month", "Listed", "ChangedAt")
    SELECT CAST(to_char("PublishedAt" AT TIME ZONE 'UTC', 'YYYYMM') AS integer), count(*), GREATEST(max("UpdatedAt"), max("PublishedAt"))
    FROM "Articles" WHERE "Status" IN ('Published', 'Scheduled') AND "PublishedAt" IS NOT NULL GROUP BY 1
    ON CONFLICT ("Month") DO UPDATE SET "Listed" = excluded."Listed", "ChangedAt" = excluded."ChangedAt"
    """, connection))
{
    months.CommandTimeout = 0;
    await months.ExecuteNonQueryAsync();
}

// The archive's words for completions, which the app adds on every save (PostgresArticleSearch.IndexChanges).
await using (var words = new NpgsqlCommand("""
    INSERT INTO "SearchLexemes" ("Lexeme")
    SELECT DISTINCT l.lexeme COLLATE "C" FROM "Articles" AS a CROSS JOIN LATERAL unnest(tsvector_to_array(a."SearchVector")) AS l(lexeme)
    ON CONFLICT DO NOTHING
    """, connection))
{
    words.CommandTimeout = 0;
    await words.ExecuteNonQueryAsync();
}

// VACUUM sets the visibility map, so the link tables answer tag and author pages from their index alone.
await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE)", connection))
{
    analyze.CommandTimeout = 0;
    await analyze.ExecuteNonQueryAsync();
}
await using (var pending = new NpgsqlCommand("""ALTER INDEX "IX_Articles_SearchVector" SET (fastupdate = off)""", connection))
{
    await pending.ExecuteNonQueryAsync();
}

await File.WriteAllLinesAsync(Path.Combine(output, "slugs.txt"), slugs.OrderBy(_ => random.Next()).Take(20_000));
await File.WriteAllLinesAsync(Path.Combine(output, "searches.txt"), searches.Distinct());
Console.Error.WriteLine(
    $"Loaded {authorCount} authors, {tagCount} tags, {articleCount} articles, {bylines.Count} bylines, {tagLinks.Count} tag links in {watch.Elapsed.TotalSeconds:F0} s");
return 0;

static async Task WriteListedAsync(NpgsqlBinaryImporter copy, DateTimeOffset? listed)
{
    if (listed is { } at)
    {
        await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
    }
    else
    {
        await copy.WriteNullAsync();
    }
}

internal static class Words
{
    private static readonly string[] Vocabulary =
    [
        "presiden", "menteri", "pemerintah", "rakyat", "jakarta", "surabaya", "bandung", "medan", "makassar", "papua",
        "kunjungan", "kunjungi", "korea", "utara", "selatan", "jepang", "china", "amerika", "ekonomi", "politik",
        "pemilu", "partai", "dewan", "perwakilan", "anggaran", "pajak", "harga", "beras", "cabai", "minyak", "rupiah",
        "saham", "bursa", "bank", "inflasi", "investasi", "pembangunan", "jalan", "tol", "kereta", "cepat", "bandara",
        "pelabuhan", "banjir", "gempa", "gunung", "erupsi", "hujan", "cuaca", "musim", "kemarau", "hutan", "kebakaran",
        "polisi", "tersangka", "korupsi", "pengadilan", "hakim", "jaksa", "sidang", "putusan", "sekolah", "guru",
        "siswa", "universitas", "kesehatan", "rumah", "sakit", "dokter", "vaksin", "timnas", "sepak", "bola", "liga",
        "pertandingan", "juara", "pelatih", "pemain", "gol", "festival", "budaya", "wisata", "pantai", "bali", "lombok",
        "digital", "internet", "teknologi", "aplikasi", "startup", "warga", "desa", "kota", "provinsi", "gubernur",
        "bupati", "wali", "menyebut", "mengatakan", "menegaskan", "meminta", "menolak", "mendukung", "membahas",
        "rapat", "kabinet", "kebijakan", "program", "bantuan", "sosial", "subsidi", "energi", "listrik", "air",
        "bersih", "lingkungan", "sampah", "laut", "nelayan", "petani", "panen", "pangan", "impor", "ekspor",
        "perdagangan", "industri", "pabrik", "pekerja", "upah", "minimum", "demo", "mahasiswa", "aksi", "damai",
    ];

    private static readonly string[] Topics =
        ["Politik", "Ekonomi", "Hukum", "Olahraga", "Teknologi", "Kesehatan", "Pendidikan", "Budaya", "Wisata", "Lingkungan"];

    public static string Topic(int i) => Topics[i % Topics.Length];

    public static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var w = 0; w < words; w++)
        {
            var word = Vocabulary[random.Next(Vocabulary.Length)];
            text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w < words - 1 ? " " : "");
        }
        return text.ToString();
    }

    public static string Slug(string title)
    {
        var slug = title.ToLowerInvariant().Replace(' ', '-');
        return slug.Length > 90 ? slug[..90].TrimEnd('-') : slug;
    }

    /// <summary>Index 0 is picked most, the tail rarely: a few big topics, many small ones.</summary>
    public static int Skewed(Random random, int count) => (int)(count * Math.Pow(random.NextDouble(), 2.5));
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        return new Args(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);
}
