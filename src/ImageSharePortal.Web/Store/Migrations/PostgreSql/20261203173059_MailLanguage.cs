using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSharePortal.Web.Store.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MailLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "ProjectContacts",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "AccessRequests",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Language",
                table: "ProjectContacts");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "AccessRequests");
        }
    }
}
