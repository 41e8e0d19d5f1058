using Cms.Data.Search;

namespace Cms.Api.Infrastructure;

/// <summary>The <c>Cms</c> configuration section.</summary>
public sealed class CmsOptions
{
    public const string Section = "Cms";

    /// <summary>BCP 47 tag given to articles that name no language.</summary>
    public string DefaultLanguage { get; set; } = "id";

    /// <summary>Larger request bodies are refused with 413 before they are parsed.</summary>
    public int MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>A secret accepted as an admin key, for first setup and automation. Never logged.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>When true every read needs a key too (as Ghost's Content API does).</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>
    /// From this many articles on (PostgreSQL), a search by relevance first checks the newest articles
    /// for its newest matches (see PostgresArticleSearch.RankedHits); 0 always does.
    /// </summary>
    public int SearchRecentCheckFromArticles { get; set; } = PostgresArticleSearch.RecentCheckFromArticles;

    /// <summary>How many days a deleted article stays in the trash, restorable, before it is purged.</summary>
    public int TrashDays { get; set; } = 30;

    /// <summary>
    /// How many revisions readers never saw (drafts, archived) each article keeps, newest first; every published or
    /// scheduled one is kept. At least 1.
    /// </summary>
    public int RevisionsKept { get; set; } = 50;
}
