using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSharePortal.Web.Store.Migrations
{
    /// <inheritdoc />
    public partial class RequestsKeptApart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessRequests_ListingId_RequesterProjectId",
                table: "AccessRequests");

            migrationBuilder.CreateIndex(
                name: "IX_AccessRequests_OpenTyped",
                table: "AccessRequests",
                columns: new[] { "ListingId", "RequesterProjectId", "RequesterEmail" },
                unique: true,
                filter: "\"Status\" = 'Open' AND \"IsVerified\" = FALSE");

            migrationBuilder.CreateIndex(
                name: "IX_AccessRequests_OpenVerified",
                table: "AccessRequests",
                columns: new[] { "ListingId", "RequesterProjectId" },
                unique: true,
                filter: "\"Status\" = 'Open' AND \"IsVerified\" = TRUE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessRequests_OpenTyped",
                table: "AccessRequests");

            migrationBuilder.DropIndex(
                name: "IX_AccessRequests_OpenVerified",
                table: "AccessRequests");

            migrationBuilder.CreateIndex(
                name: "IX_AccessRequests_ListingId_RequesterProjectId",
                table: "AccessRequests",
                columns: new[] { "ListingId", "RequesterProjectId" },
                unique: true,
                filter: "\"Status\" = 'Open'");
        }
    }
}
