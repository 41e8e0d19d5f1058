using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ArticleLinkCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BylinesJson",
                table: "Articles",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "TagsJson",
                table: "Articles",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            // Existing articles take their copies from their link rows (the app keeps them in step from now on,
            // ArticleLinkCopies; this is its statement over every article).
            migrationBuilder.Sql("""
                UPDATE "Articles" AS a SET
                  "BylinesJson" = coalesce((SELECT json_agg(json_build_object('id', au."Id", 'slug', au."Slug", 'name', au."Name",
                      'title', au."Title", 'avatarUrl', au."AvatarUrl", 'role', b."Role") ORDER BY b."Position")
                    FROM "ArticleAuthors" AS b JOIN "Authors" AS au ON au."Id" = b."AuthorId" WHERE b."ArticleId" = a."Id"), '[]')::text,
                  "TagsJson" = coalesce((SELECT json_agg(json_build_object('id', t."Id", 'slug', t."Slug", 'name', t."Name") ORDER BY l."Position")
                    FROM "ArticleTags" AS l JOIN "Tags" AS t ON t."Id" = l."TagId" WHERE l."ArticleId" = a."Id"), '[]')::text;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BylinesJson",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TagsJson",
                table: "Articles");
        }
    }
}
