using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KeyExpiryAndRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExpiresAt",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousSecretHash",
                table: "ApiKeys",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousValidUntil",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_PreviousSecretHash",
                table: "ApiKeys",
                column: "PreviousSecretHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ApiKeys_PreviousSecretHash",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "PreviousSecretHash",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "PreviousValidUntil",
                table: "ApiKeys");
        }
    }
}
