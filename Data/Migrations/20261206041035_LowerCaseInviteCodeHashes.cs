using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GuidanceBot.Data.Migrations
{
    /// <summary>
    /// Invite codes made through the API were stored as upper-case hex of the same SHA-256 the chat
    /// stores in lower case (see <see cref="People.InviteCodes"/>): one stored form, so codes handed out
    /// before this release still redeem. Down keeps the lower-case form: the older chat compared that one too.
    /// </summary>
    public partial class LowerCaseInviteCodeHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE "InviteCodes" SET "CodeHash" = lower("CodeHash") WHERE "CodeHash" <> lower("CodeHash");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
