using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSharePortal.Web.Store.Migrations
{
    /// <inheritdoc />
    public partial class InitialCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Listings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OwnerProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OwnerProjectName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OperatingSystem = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OsVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ImageName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    MinDiskGb = table.Column<int>(type: "INTEGER", nullable: true),
                    MinRamMb = table.Column<int>(type: "INTEGER", nullable: true),
                    DiskFormat = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Checksum = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ImageCreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Listings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_ImageId",
                table: "Listings",
                column: "ImageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_IsPublished_OperatingSystem",
                table: "Listings",
                columns: new[] { "IsPublished", "OperatingSystem" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Listings");
        }
    }
}
