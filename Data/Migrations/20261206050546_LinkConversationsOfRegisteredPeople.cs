using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <summary>
    /// People who registered before redeeming linked their conversations (see InviteWorkflow) kept the
    /// references saved at installation without a person until they typed again: link every such row to
    /// the person with the same AAD object id in the same tenant. Down leaves the links: they are right.
    /// </summary>
    public partial class LinkConversationsOfRegisteredPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "ConversationReferences" SET "PersonId" = (
                    SELECT p."Id" FROM "People" p
                    WHERE p."AadObjectId" = "ConversationReferences"."AadObjectId" AND p."TenantId" = "ConversationReferences"."TenantId")
                WHERE "PersonId" IS NULL AND EXISTS (
                    SELECT 1 FROM "People" p
                    WHERE p."AadObjectId" = "ConversationReferences"."AadObjectId" AND p."TenantId" = "ConversationReferences"."TenantId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
