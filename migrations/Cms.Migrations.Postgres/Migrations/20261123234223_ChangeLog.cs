using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
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
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Resource = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
