using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ListedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagId",
                table: "ArticleTags");

            migrationBuilder.DropIndex(
                name: "IX_ArticleAuthors_AuthorId",
                table: "ArticleAuthors");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ListedAt",
                table: "ArticleTags",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ListedAt",
                table: "ArticleAuthors",
                type: "timestamp with time zone",
                nullable: true);

            // Existing links take their article's listing time (the app keeps it in step from now on).
            migrationBuilder.Sql("""
                UPDATE "ArticleTags" SET "ListedAt" = (SELECT a."PublishedAt" FROM "Articles" AS a
                    WHERE a."Id" = "ArticleTags"."ArticleId" AND a."Status" IN ('Published', 'Scheduled'));
                UPDATE "ArticleAuthors" SET "ListedAt" = (SELECT a."PublishedAt" FROM "Articles" AS a
                    WHERE a."Id" = "ArticleAuthors"."ArticleId" AND a."Status" IN ('Published', 'Scheduled'));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagId_ListedAt_ArticleId",
                table: "ArticleTags",
                columns: new[] { "TagId", "ListedAt", "ArticleId" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAuthors_AuthorId_ListedAt_ArticleId",
                table: "ArticleAuthors",
                columns: new[] { "AuthorId", "ListedAt", "ArticleId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagId_ListedAt_ArticleId",
                table: "ArticleTags");

            migrationBuilder.DropIndex(
                name: "IX_ArticleAuthors_AuthorId_ListedAt_ArticleId",
                table: "ArticleAuthors");

            migrationBuilder.DropColumn(
                name: "ListedAt",
                table: "ArticleTags");

            migrationBuilder.DropColumn(
                name: "ListedAt",
                table: "ArticleAuthors");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagId",
                table: "ArticleTags",
                column: "TagId");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAuthors_AuthorId",
                table: "ArticleAuthors",
                column: "AuthorId");
        }
    }
}
