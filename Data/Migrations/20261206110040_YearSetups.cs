using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <summary>
    /// The year's setup (年度工作方案) as data: YearSetups, check template versions (Revision; one year may hold several)
    /// and each visit's template version (Visits.CheckTemplateId), existing visits pinned to their year's template.
    /// </summary>
    public partial class YearSetups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CheckTemplates_Year",
                table: "CheckTemplates");

            migrationBuilder.AddColumn<int>(
                name: "CheckTemplateId",
                table: "Visits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "CheckTemplates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "YearSetups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PlanFilingDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ApprovalFilingDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublicationDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    VisitsDoneBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ProgressWorkingDay = table.Column<int>(type: "INTEGER", nullable: false),
                    LetterDueWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    RectificationWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitIds = table.Column<string>(type: "TEXT", nullable: false),
                    CheckTemplateId = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_YearSetups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_YearSetups_CheckTemplates_CheckTemplateId",
                        column: x => x.CheckTemplateId,
                        principalTable: "CheckTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_CheckTemplateId",
                table: "Visits",
                column: "CheckTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckTemplates_Year_Revision",
                table: "CheckTemplates",
                columns: new[] { "Year", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_YearSetups_CheckTemplateId",
                table: "YearSetups",
                column: "CheckTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_YearSetups_Year",
                table: "YearSetups",
                column: "Year",
                unique: true);

            // ---- Data move (carry over when this migration is regenerated) ----
            // Existing visits keep the template they used: until now one per year (2022 in a real database). The 2022
            // setup itself is seeded at the next start from Seed/year-2022.json, on that same template.
            migrationBuilder.Sql("""
                UPDATE "Visits" SET "CheckTemplateId" =
                    (SELECT t."Id" FROM "CheckTemplates" t WHERE t."Year" = "Visits"."Year" ORDER BY t."Revision" DESC LIMIT 1)
                WHERE "CheckTemplateId" IS NULL;
                """);
            // ---- end of data move ----

            migrationBuilder.AddForeignKey(
                name: "FK_Visits_CheckTemplates_CheckTemplateId",
                table: "Visits",
                column: "CheckTemplateId",
                principalTable: "CheckTemplates",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Visits_CheckTemplates_CheckTemplateId",
                table: "Visits");

            migrationBuilder.DropTable(
                name: "YearSetups");

            migrationBuilder.DropIndex(
                name: "IX_Visits_CheckTemplateId",
                table: "Visits");

            migrationBuilder.DropIndex(
                name: "IX_CheckTemplates_Year_Revision",
                table: "CheckTemplates");

            migrationBuilder.DropColumn(
                name: "CheckTemplateId",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "CheckTemplates");

            migrationBuilder.CreateIndex(
                name: "IX_CheckTemplates_Year",
                table: "CheckTemplates",
                column: "Year",
                unique: true);
        }
    }
}
