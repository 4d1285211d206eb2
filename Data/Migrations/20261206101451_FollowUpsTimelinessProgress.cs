using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpsTimelinessProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "VisitFollowUpId",
                table: "VisitFinding",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CompletedOn",
                table: "RectificationItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CompletionConfirmedById",
                table: "RectificationItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CompletionConfirmedUtc",
                table: "RectificationItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompletionNote",
                table: "RectificationItems",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ListsUpdatedInMonth",
                table: "MonthlyReviewLine",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PenaltiesInMonth",
                table: "MonthlyReviewLine",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PenaltiesPublishedInMonth",
                table: "MonthlyReviewLine",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EnterpriseListUpdatedOn",
                table: "EnforcementProgress",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MatterListUpdatedOn",
                table: "EnforcementProgress",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PenaltiesPublishedInCreditSystem",
                table: "EnforcementProgress",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "StaffListUpdatedOn",
                table: "EnforcementProgress",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "VisitFollowUps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GuidanceVisitId = table.Column<int>(type: "INTEGER", nullable: false),
                    EnterpriseId = table.Column<int>(type: "INTEGER", nullable: false),
                    ObservedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Procedure = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProcedureNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Documents = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DocumentsNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Closure = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClosureNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedById = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitFollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitFollowUps_Enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "Enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitFollowUps_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitFollowUpPhoto",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VisitFollowUpId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitFollowUpPhoto", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitFollowUpPhoto_Files_FileId",
                        column: x => x.FileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitFollowUpPhoto_VisitFollowUps_VisitFollowUpId",
                        column: x => x.VisitFollowUpId,
                        principalTable: "VisitFollowUps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VisitFinding_VisitFollowUpId",
                table: "VisitFinding",
                column: "VisitFollowUpId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUpPhoto_FileId",
                table: "VisitFollowUpPhoto",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUpPhoto_VisitFollowUpId_FileId",
                table: "VisitFollowUpPhoto",
                columns: new[] { "VisitFollowUpId", "FileId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUps_EnterpriseId",
                table: "VisitFollowUps",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFollowUps_GuidanceVisitId_EnterpriseId",
                table: "VisitFollowUps",
                columns: new[] { "GuidanceVisitId", "EnterpriseId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_VisitFinding_VisitFollowUps_VisitFollowUpId",
                table: "VisitFinding",
                column: "VisitFollowUpId",
                principalTable: "VisitFollowUps",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_VisitFinding_VisitFollowUps_VisitFollowUpId",
                table: "VisitFinding");

            migrationBuilder.DropTable(
                name: "VisitFollowUpPhoto");

            migrationBuilder.DropTable(
                name: "VisitFollowUps");

            migrationBuilder.DropIndex(
                name: "IX_VisitFinding_VisitFollowUpId",
                table: "VisitFinding");

            migrationBuilder.DropColumn(
                name: "VisitFollowUpId",
                table: "VisitFinding");

            migrationBuilder.DropColumn(
                name: "CompletedOn",
                table: "RectificationItems");

            migrationBuilder.DropColumn(
                name: "CompletionConfirmedById",
                table: "RectificationItems");

            migrationBuilder.DropColumn(
                name: "CompletionConfirmedUtc",
                table: "RectificationItems");

            migrationBuilder.DropColumn(
                name: "CompletionNote",
                table: "RectificationItems");

            migrationBuilder.DropColumn(
                name: "ListsUpdatedInMonth",
                table: "MonthlyReviewLine");

            migrationBuilder.DropColumn(
                name: "PenaltiesInMonth",
                table: "MonthlyReviewLine");

            migrationBuilder.DropColumn(
                name: "PenaltiesPublishedInMonth",
                table: "MonthlyReviewLine");

            migrationBuilder.DropColumn(
                name: "EnterpriseListUpdatedOn",
                table: "EnforcementProgress");

            migrationBuilder.DropColumn(
                name: "MatterListUpdatedOn",
                table: "EnforcementProgress");

            migrationBuilder.DropColumn(
                name: "PenaltiesPublishedInCreditSystem",
                table: "EnforcementProgress");

            migrationBuilder.DropColumn(
                name: "StaffListUpdatedOn",
                table: "EnforcementProgress");
        }
    }
}
