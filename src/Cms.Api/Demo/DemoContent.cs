using Cms.Api.Articles;
using Cms.Api.Infrastructure;
using Cms.Data;
using Cms.Data.Articles;
using Cms.Data.Authors;
using Cms.Data.Collections;
using Cms.Data.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Demo;

/// <summary>
/// A few authors, tags and stories in the style of an Indonesian national news site, so a first
/// run has something to show. Loaded only into a database with no articles, authors or tags.
/// </summary>
public static class DemoContent
{
    /// <summary>Loads the demo content when Database:SeedDemoContent is on (development and the quick start).</summary>
    public static async Task SeedDemoContentAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.SeedDemoContent)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await SeedIfEmptyAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), app.Logger);
        }
    }

    public static async Task SeedIfEmptyAsync(CmsDbContext db, ILogger logger)
    {
        if (await db.Articles.AnyAsync() || await db.Authors.AnyAsync() || await db.Tags.AnyAsync())
        {
            return;
        }

        var rina = Author("rina-wulandari", "Rina Wulandari", "Reporter", "Meliput politik nasional dan DPR sejak 2015.");
        var budi = Author("budi-santoso", "Budi Santoso", "Redaktur", "Redaktur desk politik dan pemerintahan.");
        var dewi = Author("dewi-lestari", "Dewi Lestari", "Fotografer", "Pewarta foto di Jakarta.");
        rina.Socials = new() { ["x"] = "@rinawulan" };
        // The examples of the API's writes (openapi.yaml, Swagger UI) credit this reporter and name this tag.
        rina.Id = Cms.Api.Authors.AuthorWrite.ExampleReporterId;
        db.Authors.AddRange(rina, budi, dewi);

        var politik = Tag("politik", "Politik", "Berita politik nasional.");
        politik.Id = Cms.Api.Tags.TagWrite.ExampleTagId;
        var presiden = Tag("presiden", "Presiden", "Kegiatan dan kebijakan Presiden.");
        var korut = Tag("korea-utara", "Korea Utara", null);
        var diplomasi = Tag("diplomasi", "Diplomasi", "Hubungan luar negeri Indonesia.");
        var ekonomi = Tag("ekonomi", "Ekonomi", "Ekonomi, bisnis dan keuangan.");
        var pemilu = Tag("pemilu-2024", "Pemilu 2024", null);
        db.Tags.AddRange(politik, presiden, korut, diplomasi, ekonomi, pemilu);

        // The examples of collection writes and views name this story.
        var visit = Add(db, "Presiden Akan Kunjungi Korea Utara Pekan Depan",
            "Kunjungan pertama kepala negara Indonesia dalam dua dekade",
            "JAKARTA — Presiden dijadwalkan melakukan kunjungan kenegaraan ke Pyongyang pekan depan. "
            + "Menteri Luar Negeri menyebut kunjungannya ke Korea Utara sebagai “langkah penting” bagi perdamaian kawasan.\n\n"
            + "“Indonesia selalu percaya pada dialog,” kata Menteri Luar Negeri di Istana Merdeka, Rabu (19/6/2024).\n\n"
            + "Rombongan akan bertolak dari Bandara Halim Perdanakusuma dan dijadwalkan bertemu pimpinan Korea Utara.",
            new DateTimeOffset(2024, 6, 19, 12, 4, 0, TimeSpan.FromHours(7)),
            new FeatureImageWrite("https://images.example.com/2024/06/presiden-istana.jpg",
                "Presiden memberikan keterangan pers di Istana Merdeka",
                "Presiden memberikan keterangan pers di Istana Merdeka, Jakarta.", "Presiden RI/Net"),
            [(rina, BylineRole.Reporter), (dewi, BylineRole.Photographer), (budi, BylineRole.Editor)],
            [politik, presiden, korut, diplomasi], id: ArticleWrite.ExampleArticleId);

        var budget = Add(db, "DPR Setujui RUU Anggaran 2025",
            null,
            "JAKARTA — Rapat paripurna DPR menyetujui Rancangan Undang-Undang APBN 2025 menjadi undang-undang.\n\n"
            + "Sebanyak delapan fraksi menyatakan setuju, sementara satu fraksi memberikan catatan.",
            new DateTimeOffset(2024, 9, 19, 14, 30, 0, TimeSpan.FromHours(7)),
            null, [(rina, BylineRole.Reporter)], [politik, ekonomi]);
        Add(db, "Rupiah Menguat Tipis di Awal Pekan",
            null,
            "Nilai tukar rupiah dibuka menguat tipis terhadap dolar AS pada perdagangan Senin pagi, "
            + "seiring membaiknya sentimen pasar global.",
            new DateTimeOffset(2024, 6, 17, 9, 15, 0, TimeSpan.FromHours(7)),
            null, [(budi, BylineRole.Reporter)], [ekonomi]);
        var election = Add(db, "KPU Tetapkan Hasil Rekapitulasi Nasional",
            "Rekapitulasi berlangsung selama 14 hari",
            "JAKARTA — Komisi Pemilihan Umum menetapkan hasil rekapitulasi suara nasional Pemilu 2024 "
            + "dalam rapat pleno terbuka di Jakarta.",
            new DateTimeOffset(2024, 3, 20, 22, 19, 0, TimeSpan.FromHours(7)),
            null, [(rina, BylineRole.Reporter), (budi, BylineRole.Editor)], [pemilu, politik]);
        Add(db, "Draf: Wawancara Khusus Menteri Perdagangan",
            null, "Catatan wawancara, belum disunting.", null, null, [(budi, BylineRole.Reporter)], [ekonomi],
            ArticleStatus.Draft);

        // The homepage: the visit pinned on top, the newest stories after it; the editors' pick; the most read of the day.
        Collection(db, "utama", "Utama", "Halaman depan.", CollectionKind.Manual, 10, [new(visit.Id, Pinned: true)], filler: new());
        Collection(db, "pilihan-editor", "Pilihan Editor", "Pilihan redaksi.", CollectionKind.Manual, 5,
            [new(election.Id), new(budget.Id)]);
        Collection(db, "terpopuler", "Terpopuler", "Paling banyak dibaca hari ini.", CollectionKind.MostRead, 5, [], window: "24h");

        await db.SaveChangesAsync();
        logger.LogInformation("Loaded the demo content: 3 authors, 6 tags, 5 articles, 3 collections");
    }

    private static void Collection(CmsDbContext db, string slug, string name, string description, CollectionKind kind, int capacity,
        CollectionItem[] chosen, CollectionFiller? filler = null, string? window = null)
    {
        var collection = new Collection
        {
            Slug = slug, Name = name, Description = description, Kind = kind, Capacity = capacity,
            FillerJson = CollectionFiller.Write(filler), Window = window,
        };
        db.Collections.Add(collection);
        if (kind == CollectionKind.Manual)
        {
            db.CollectionArrangements.Add(new CollectionArrangement
            {
                CollectionId = collection.Id, EffectiveAt = DateTimeOffset.UtcNow, ItemsJson = CollectionItem.Write(chosen),
            });
        }
    }

    private static Author Author(string slug, string name, string title, string bio) =>
        new() { Slug = slug, Name = name, Title = title, Bio = bio };

    private static Tag Tag(string slug, string name, string? description) =>
        new() { Slug = slug, Name = name, Description = description };

    private static Article Add(CmsDbContext db, string title, string? subtitle, string body, DateTimeOffset? publishedAt,
        FeatureImageWrite? image, (Author Author, BylineRole Role)[] bylines, Tag[] tags,
        ArticleStatus status = ArticleStatus.Published, Guid? id = null)
    {
        var write = new ArticleWrite(Title: title, Subtitle: subtitle, Body: body, Language: "id", Status: status,
            PublishedAt: publishedAt?.ToUniversalTime(), FeatureImage: image,
            Authors: bylines.Select(b => new BylineWrite(b.Author.Id, b.Role)).ToList(), Tags: tags.Select(t => new TagRef(t.Id)).ToList());
        var article = new Article
        {
            Id = id ?? Guid.CreateVersion7(), Title = title, Slug = Slugs.Generate(title, "article"), Excerpt = "", Body = "", BodyHtml = "", Language = "id",
        };
        ArticleMappings.Apply(write, article, "id", DateTimeOffset.UtcNow);
        db.Articles.Add(article);
        return article;
    }
}
