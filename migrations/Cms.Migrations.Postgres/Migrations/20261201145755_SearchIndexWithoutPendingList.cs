using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <summary>
    /// The search's GIN index takes each write's entries at once instead of in a pending list. With the
    /// list (GIN's default) every search reads all of it, up to its 4 MB limit: at a million articles a list
    /// of 426 pages, left by some 30,000 saves in a test (146 after 6,700), made a name search's GIN step
    /// 0.8 -> 4 ms; autovacuum and autoanalyze, which empty it, wait for a tenth to a fifth of the rows to
    /// change (months of a newsroom's saves at that size), and past the limit the save that finds it full
    /// empties it. Without it, a save that changes an article's text costs about 0.3 ms more (pgbench at a
    /// million articles: 0.74 -> 1.0-1.1 ms). The list is emptied here once.
    /// </summary>
    public partial class SearchIndexWithoutPendingList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER INDEX "IX_Articles_SearchVector" SET (fastupdate = off);
                SELECT gin_clean_pending_list('"IX_Articles_SearchVector"'::regclass);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER INDEX "IX_Articles_SearchVector" RESET (fastupdate);""");
        }
    }
}
