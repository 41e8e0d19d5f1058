using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search (see Cms.Data.Search.ArticleSearch): accent-folding configurations per
            // language and a stored tsvector that PostgreSQL keeps in step with every write.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS unaccent;

                -- Snowball English without a stop list, as the SQLite side stems it: "the" is a word too.
                CREATE TEXT SEARCH DICTIONARY cms_english_stem (TEMPLATE = snowball, Language = english);

                CREATE TEXT SEARCH CONFIGURATION cms_id (COPY = indonesian);
                ALTER TEXT SEARCH CONFIGURATION cms_id ALTER MAPPING FOR word, hword, hword_part WITH unaccent, indonesian_stem;

                CREATE TEXT SEARCH CONFIGURATION cms_en (COPY = english);
                ALTER TEXT SEARCH CONFIGURATION cms_en ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH cms_english_stem;
                ALTER TEXT SEARCH CONFIGURATION cms_en ALTER MAPPING FOR word, hword, hword_part WITH unaccent, cms_english_stem;

                CREATE TEXT SEARCH CONFIGURATION cms_simple (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION cms_simple ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;

                -- Title weighs most (A), then subtitle (B), excerpt (C), body (D).
                ALTER TABLE "Articles" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector(CASE split_part(lower("Language"), '-', 1)
                        WHEN 'id' THEN 'cms_id'::regconfig WHEN 'en' THEN 'cms_en'::regconfig ELSE 'cms_simple'::regconfig END,
                        coalesce("Title", '')), 'A')
                    || setweight(to_tsvector(CASE split_part(lower("Language"), '-', 1)
                        WHEN 'id' THEN 'cms_id'::regconfig WHEN 'en' THEN 'cms_en'::regconfig ELSE 'cms_simple'::regconfig END,
                        coalesce("Subtitle", '')), 'B')
                    || setweight(to_tsvector(CASE split_part(lower("Language"), '-', 1)
                        WHEN 'id' THEN 'cms_id'::regconfig WHEN 'en' THEN 'cms_en'::regconfig ELSE 'cms_simple'::regconfig END,
                        coalesce("Excerpt", '')), 'C')
                    || setweight(to_tsvector(CASE split_part(lower("Language"), '-', 1)
                        WHEN 'id' THEN 'cms_id'::regconfig WHEN 'en' THEN 'cms_en'::regconfig ELSE 'cms_simple'::regconfig END,
                        coalesce("Body", '')), 'D')) STORED;

                CREATE INDEX "IX_Articles_SearchVector" ON "Articles" USING GIN ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX "IX_Articles_SearchVector";
                ALTER TABLE "Articles" DROP COLUMN "SearchVector";
                DROP TEXT SEARCH CONFIGURATION cms_simple;
                DROP TEXT SEARCH CONFIGURATION cms_en;
                DROP TEXT SEARCH CONFIGURATION cms_id;
                DROP TEXT SEARCH DICTIONARY cms_english_stem;
                """);
        }
    }
}
