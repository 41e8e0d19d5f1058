using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WebhookLogRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_OccursAt",
                table: "WebhookEvents",
                column: "OccursAt");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_CompletedAt",
                table: "WebhookDeliveries",
                column: "CompletedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookEvents_OccursAt",
                table: "WebhookEvents");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_CompletedAt",
                table: "WebhookDeliveries");
        }
    }
}
