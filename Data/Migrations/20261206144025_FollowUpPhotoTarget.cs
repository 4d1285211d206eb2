using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpPhotoTarget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PhotoTargetFollowUpId",
                table: "ConversationReferences",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PhotoTargetUntilUtc",
                table: "ConversationReferences",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PhotoTargetVersion",
                table: "ConversationReferences",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PhotoTargetFollowUpId",
                table: "ConversationReferences");

            migrationBuilder.DropColumn(
                name: "PhotoTargetUntilUtc",
                table: "ConversationReferences");

            migrationBuilder.DropColumn(
                name: "PhotoTargetVersion",
                table: "ConversationReferences");
        }
    }
}
