using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ArticleQueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Articles_Language_PublishedAt",
                table: "Articles",
                columns: new[] { "Language", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_UpdatedAt",
                table: "Articles",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_Language_PublishedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_UpdatedAt",
                table: "Articles");
        }
    }
}
