using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
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
                    Month = table.Column<int>(type: "integer", nullable: false),
                    Listed = table.Column<int>(type: "integer", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingMonths", x => x.Month);
                });

            // The months of the articles already there (PublishedAt and UpdatedAt as the provider stores them).
            migrationBuilder.Sql("""
                INSERT INTO "ListingMonths" ("Month", "Listed", "ChangedAt")
                SELECT CAST(to_char("PublishedAt" AT TIME ZONE 'UTC', 'YYYYMM') AS integer), count(*), GREATEST(max("UpdatedAt"), max("PublishedAt"))
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
