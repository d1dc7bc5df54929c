using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ImageSharePortal.Web.Store.Migrations.PostgreSql
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
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AutoRemindAfterDays = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProducerSettings", x => x.ProjectId);
                });

            migrationBuilder.CreateTable(
                name: "ReminderOptOuts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConsumerProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProducerProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    ByUserName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderOptOuts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ShareTerms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImageName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    OwnerProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MemberCreatedAt = table.Column<long>(type: "bigint", nullable: true),
                    EndsAt = table.Column<long>(type: "bigint", nullable: true),
                    EndState = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NextNoticeAt = table.Column<long>(type: "bigint", nullable: true),
                    LeaseUntil = table.Column<long>(type: "bigint", nullable: true),
                    RetryAt = table.Column<long>(type: "bigint", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EndedAt = table.Column<long>(type: "bigint", nullable: true),
                    EndSetBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LastRemindedAt = table.Column<long>(type: "bigint", nullable: true),
                    RemindersSent = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
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
