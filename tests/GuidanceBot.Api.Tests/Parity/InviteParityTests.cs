using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Parity;

/// <summary>
/// People and invites through both doors (issue 13, point 5). Creating an invite is offered by both: the city admin's
/// <c>POST /api/v1/invite-codes</c> and the chat's invite card leave the same invite row (its code aside: a fresh random
/// code, kept only as its hash) and the same audit entry, and queue nothing. Redeeming is the chat's alone (the Teams
/// identity comes from the activity; the API has no redeem route), so there is no parity to check — instead a code made
/// through the API redeems in Teams exactly as one made in chat does. People are only read through the API.
/// </summary>
public class InviteParityTests
{
    private static async Task<(DoorSnapshot Create, DoorSnapshot Redeem)> ThroughApiAsync()
    {
        await using var world = await ParityWorld.StartAsync();
        var start = await world.SnapshotAsync();
        var created = await world.Api(world.Admin).PostAsJsonAsync("/api/v1/invite-codes",
            new { unitCode = "wuyang", role = "CountyLiaison", inviteeName = "王新", validDays = 7 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var code = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["code"]!.GetValue<string>();
        var afterCreate = await world.SnapshotAsync();
        await RedeemAsync(world, code);
        return (afterCreate.Since(start), (await world.SnapshotAsync()).Since(afterCreate));
    }

    private static async Task<(DoorSnapshot Create, DoorSnapshot Redeem)> ThroughChatAsync()
    {
        await using var world = await ParityWorld.StartAsync();
        var bot = world.Bot;
        var start = await world.SnapshotAsync();
        var wuyang = 0;
        await world.Host.WithDbAsync(async db => wuyang = (await db.Units.SingleAsync(u => u.Code == "wuyang")).Id);
        var form = Card(await bot.InvokeAsync(ParityWorld.AdminAad, "invite.create"));
        var sent = world.Host.Connector.Requests.Count;
        var receipt = Card(await bot.PressAsync(ParityWorld.AdminAad, form, "invite.create", new()
        {
            ["inviteUnitId"] = wuyang.ToString(System.Globalization.CultureInfo.InvariantCulture), ["inviteRole"] = "CountyLiaison", ["inviteeName"] = "王新", ["days"] = "7",
        }, step: "create"));
        Assert.Empty(Inputs(receipt));
        await world.Host.Connector.WaitUntilAsync(r => r.Count > sent);
        var code = System.Text.RegularExpressions.Regex.Match(world.Host.Connector.Requests[sent].Body!["text"]!.GetValue<string>(), "[0-9A-Z]{5}-[0-9A-Z]{5}").Value;
        Assert.NotEmpty(code);
        var afterCreate = await world.SnapshotAsync();
        await RedeemAsync(world, code);
        return (afterCreate.Since(start), (await world.SnapshotAsync()).Since(afterCreate));
    }

    private const string Newcomer = "00000000-0000-0000-0000-00000000c0e1";

    /// <summary>A newcomer redeems the code on the welcome card in Teams, and is registered as the invite says.</summary>
    private static async Task RedeemAsync(ParityWorld world, string code)
    {
        var menu = Card(await world.Bot.InvokeAsync(Newcomer, "invite.redeem", new JsonObject { ["inviteCode"] = code }));
        Assert.Contains("王新", AllText(menu));
        await world.Host.WithDbAsync(async db =>
        {
            var person = await db.People.Include(p => p.Unit).SingleAsync(p => p.AadObjectId == Newcomer);
            Assert.Equal(("王新", PersonRole.CountyLiaison, "wuyang"), (person.Name, person.Role, person.Unit!.Code));
        });
    }

    [Fact]
    public async Task Creating_an_invite_leaves_the_same_row_and_audit_entry_through_the_API_and_in_Teams_and_either_code_redeems_alike()
    {
        var api = await ThroughApiAsync();
        var chat = await ThroughChatAsync();

        DoorSnapshot.AssertSame(api.Create, chat.Create);
        Assert.Single(api.Create.Tables["InviteCodes"]);
        Assert.Single(api.Create.Audit, a => a.StartsWith("Action=invite.create |", StringComparison.Ordinal));
        Assert.Empty(api.Create.Ledger);

        // Chat-only step: the same redeem of an API-made and a chat-made code leaves the same person and audit entry.
        DoorSnapshot.AssertSame(api.Redeem, chat.Redeem);
        Assert.Single(api.Redeem.Audit, a => a.StartsWith("Action=invite.redeem |", StringComparison.Ordinal));
    }
}
