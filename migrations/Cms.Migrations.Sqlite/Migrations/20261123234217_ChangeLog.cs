using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Changes",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Resource = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Changes", x => x.Seq);
                });
        
            // Content that existed before the change log: a first sync must still return everything.
            migrationBuilder.Sql("INSERT INTO \"Changes\" (\"Resource\", \"ResourceId\", \"At\") SELECT 'author', \"Id\", \"UpdatedAt\" FROM \"Authors\"");
            migrationBuilder.Sql("INSERT INTO \"Changes\" (\"Resource\", \"ResourceId\", \"At\") SELECT 'tag', \"Id\", \"UpdatedAt\" FROM \"Tags\"");
            migrationBuilder.Sql("INSERT INTO \"Changes\" (\"Resource\", \"ResourceId\", \"At\") SELECT 'article', \"Id\", \"UpdatedAt\" FROM \"Articles\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Changes");
        }
    }
}
