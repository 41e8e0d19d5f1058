using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuthorAvatarAsset : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AvatarAssetId",
                table: "Authors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Authors_AvatarAssetId",
                table: "Authors",
                column: "AvatarAssetId");

            migrationBuilder.AddForeignKey(
                name: "FK_Authors_Assets_AvatarAssetId",
                table: "Authors",
                column: "AvatarAssetId",
                principalTable: "Assets",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Authors_Assets_AvatarAssetId",
                table: "Authors");

            migrationBuilder.DropIndex(
                name: "IX_Authors_AvatarAssetId",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "AvatarAssetId",
                table: "Authors");
        }
    }
}
