using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <summary>
    /// "SearchLexemes" is filled by the save (PostgresArticleSearch.IndexChanges, one statement a save) instead of by
    /// statement triggers on "Articles", which ran once per INSERT statement: EF Core writes each new article with a
    /// statement of its own, so an import's batch of 200 looked every word up 200 times (docs/search.md).
    /// </summary>
    public partial class SearchLexemesFromSaves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Articles_SearchLexemes_Updated" ON "Articles";
                DROP TRIGGER "Articles_SearchLexemes_Inserted" ON "Articles";
                DROP FUNCTION cms_search_lexemes_updated();
                DROP FUNCTION cms_search_lexemes_inserted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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
                """);
        }
    }
}
