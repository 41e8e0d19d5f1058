using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Stemmed article text for full-text search (see Cms.Data.Search.SqliteArticleSearchIndex).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
                    title, subtitle, excerpt, body, lang, article_id UNINDEXED,
                    tokenize = 'unicode61 remove_diacritics 2')
                """);
            // The app fills the table at startup (SqliteArticleSearchIndex.EnsureAsync): stemming is .NET code.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE \"ArticleSearch\"");
        }
    }
}
