using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class EvidenceFilesAndVisitDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VisitDocuments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GuidanceVisitId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Caption = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AddedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AddedById = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitDocuments_Files_FileId",
                        column: x => x.FileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitDocuments_Visits_GuidanceVisitId",
                        column: x => x.GuidanceVisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationEvidence_FileId",
                table: "RectificationEvidence",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitDocuments_FileId",
                table: "VisitDocuments",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitDocuments_GuidanceVisitId",
                table: "VisitDocuments",
                column: "GuidanceVisitId");

            migrationBuilder.AddForeignKey(
                name: "FK_RectificationEvidence_Files_FileId",
                table: "RectificationEvidence",
                column: "FileId",
                principalTable: "Files",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RectificationEvidence_Files_FileId",
                table: "RectificationEvidence");

            migrationBuilder.DropTable(
                name: "VisitDocuments");

            migrationBuilder.DropIndex(
                name: "IX_RectificationEvidence_FileId",
                table: "RectificationEvidence");
        }
    }
}
