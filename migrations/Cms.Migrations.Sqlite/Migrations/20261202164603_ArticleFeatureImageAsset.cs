using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ArticleFeatureImageAsset : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "FeatureImageAssetId",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeatureImageAssetJson",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_FeatureImageAssetId",
                table: "Articles",
                column: "FeatureImageAssetId");

            migrationBuilder.AddForeignKey(
                name: "FK_Articles_Assets_FeatureImageAssetId",
                table: "Articles",
                column: "FeatureImageAssetId",
                principalTable: "Assets",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Articles_Assets_FeatureImageAssetId",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_FeatureImageAssetId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "FeatureImageAssetId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "FeatureImageAssetJson",
                table: "Articles");
        }
    }
}
