using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSharePortal.Web.Store.Migrations
{
    /// <inheritdoc />
    public partial class ShareTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProducerSettings",
                columns: table => new
                {
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AutoRemindAfterDays = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProducerSettings", x => x.ProjectId);
                });

            migrationBuilder.CreateTable(
                name: "ReminderOptOuts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsumerProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProducerProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ByUserName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderOptOuts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ShareTerms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImageName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    OwnerProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MemberCreatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NextNoticeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    RetryAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndSetBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LastRemindedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemindersSent = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareTerms", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReminderOptOuts_ConsumerProjectId_ProducerProjectId",
                table: "ReminderOptOuts",
                columns: new[] { "ConsumerProjectId", "ProducerProjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShareTerms_EndState_EndsAt",
                table: "ShareTerms",
                columns: new[] { "EndState", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ShareTerms_EndState_NextNoticeAt",
                table: "ShareTerms",
                columns: new[] { "EndState", "NextNoticeAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ShareTerms_ImageId_MemberId",
                table: "ShareTerms",
                columns: new[] { "ImageId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShareTerms_MemberId",
                table: "ShareTerms",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ShareTerms_OwnerProjectId",
                table: "ShareTerms",
                column: "OwnerProjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProducerSettings");

            migrationBuilder.DropTable(
                name: "ReminderOptOuts");

            migrationBuilder.DropTable(
                name: "ShareTerms");
        }
    }
}
