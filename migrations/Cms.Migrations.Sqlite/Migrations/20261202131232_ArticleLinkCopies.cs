using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "TagsJson",
                table: "Articles",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // Existing articles take their copies from their link rows (the app keeps them in step from now on,
            // ArticleLinkCopies; this is its statement over every article).
            migrationBuilder.Sql("""
                UPDATE "Articles" SET
                  "BylinesJson" = (SELECT json_group_array(json_object('id', au."Id", 'slug', au."Slug", 'name', au."Name",
                      'title', au."Title", 'avatarUrl', au."AvatarUrl", 'role', b."Role") ORDER BY b."Position")
                    FROM "ArticleAuthors" AS b JOIN "Authors" AS au ON au."Id" = b."AuthorId" WHERE b."ArticleId" = "Articles"."Id"),
                  "TagsJson" = (SELECT json_group_array(json_object('id', t."Id", 'slug', t."Slug", 'name', t."Name") ORDER BY l."Position")
                    FROM "ArticleTags" AS l JOIN "Tags" AS t ON t."Id" = l."TagId" WHERE l."ArticleId" = "Articles"."Id");
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
