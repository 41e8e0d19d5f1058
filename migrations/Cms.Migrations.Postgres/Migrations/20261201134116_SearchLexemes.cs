using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Every lexeme an article's search vector holds, so that a search can expand the word a reader is still
    /// typing into the whole words it starts (ArticleSearch.CompleteAsync): GIN skips through whole words
    /// when it ANDs them with the other words, where a prefix makes it gather every article of the prefix
    /// first. Kept by statement triggers in the transaction of each write, so a story an editor saved is
    /// found by its new words at once. Lexemes are never removed (a word no article holds any more only
    /// adds a term that matches nothing). Each statement inserts its new lexemes in one order, so that
    /// concurrent writes that add the same new words wait for each other rather than deadlock.
    /// </summary>
    public partial class SearchLexemes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "SearchLexemes" ("Lexeme" text COLLATE "C" NOT NULL PRIMARY KEY);

                CREATE FUNCTION cms_search_lexemes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SearchLexemes" ("Lexeme")
                    SELECT DISTINCT l.lexeme COLLATE "C"
                    FROM new_articles AS n CROSS JOIN LATERAL unnest(tsvector_to_array(n."SearchVector")) AS l(lexeme)
                    ORDER BY 1
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION cms_search_lexemes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SearchLexemes" ("Lexeme")
                    SELECT DISTINCT l.lexeme COLLATE "C"
                    FROM new_articles AS n
                    INNER JOIN old_articles AS o ON o."Id" = n."Id" AND o."SearchVector" IS DISTINCT FROM n."SearchVector"
                    CROSS JOIN LATERAL unnest(tsvector_to_array(n."SearchVector")) AS l(lexeme)
                    ORDER BY 1
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER "Articles_SearchLexemes_Inserted" AFTER INSERT ON "Articles"
                    REFERENCING NEW TABLE AS new_articles
                    FOR EACH STATEMENT EXECUTE FUNCTION cms_search_lexemes_inserted();

                CREATE TRIGGER "Articles_SearchLexemes_Updated" AFTER UPDATE ON "Articles"
                    REFERENCING OLD TABLE AS old_articles NEW TABLE AS new_articles
                    FOR EACH STATEMENT EXECUTE FUNCTION cms_search_lexemes_updated();

                INSERT INTO "SearchLexemes" ("Lexeme")
                SELECT DISTINCT l.lexeme COLLATE "C"
                FROM "Articles" AS a CROSS JOIN LATERAL unnest(tsvector_to_array(a."SearchVector")) AS l(lexeme);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Articles_SearchLexemes_Updated" ON "Articles";
                DROP TRIGGER "Articles_SearchLexemes_Inserted" ON "Articles";
                DROP FUNCTION cms_search_lexemes_updated();
                DROP FUNCTION cms_search_lexemes_inserted();
                DROP TABLE "SearchLexemes";
                """);
        }
    }
}
