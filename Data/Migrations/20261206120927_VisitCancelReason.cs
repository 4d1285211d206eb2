using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class VisitCancelReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "Visits",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "Visits");
        }
    }
}
