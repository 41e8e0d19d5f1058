using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KeyExpiryAndRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "ApiKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousSecretHash",
                table: "ApiKeys",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreviousValidUntil",
                table: "ApiKeys",
                type: "timestamp with time zone",
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
