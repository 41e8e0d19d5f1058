using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ListingMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ListingMonths",
                columns: table => new
                {
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Listed = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingMonths", x => x.Month);
                });

            // The months of the articles already there (PublishedAt and UpdatedAt as the provider stores them).
            migrationBuilder.Sql("""
                INSERT INTO "ListingMonths" ("Month", "Listed", "ChangedAt")
                SELECT CAST(strftime('%Y%m', ("PublishedAt" - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER), count(*),
                    max(max("UpdatedAt"), max("PublishedAt"))
                FROM "Articles" WHERE "Status" IN ('Published', 'Scheduled') AND "PublishedAt" IS NOT NULL GROUP BY 1
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ListingMonths");
        }
    }
}
