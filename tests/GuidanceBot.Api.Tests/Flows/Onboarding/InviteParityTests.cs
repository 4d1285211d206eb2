using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Onboarding;

/// <summary>
/// People and invites through both doors (issue 13, point 5). Creating an invite is offered by both: the city admin's
/// <c>POST /api/v1/invite-codes</c> and the chat's invite card leave the same invite row (its code aside: a fresh random
/// code, kept only as its hash) and the same audit entry, and queue nothing. Redeeming is the chat's alone (the Teams
/// identity comes from the activity; the API has no redeem route), so there is no parity to check — instead a code made
/// through the API redeems in Teams exactly as one made in chat does. People are only read through the API.
/// </summary>
public class InviteParityTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000c0ad";
    private const string Newcomer = "00000000-0000-0000-0000-00000000c0e1";

    /// <summary>Both doors know the city admin 周管理 (luohe), who invites.</summary>
    private static readonly ParityOptions WithAdmin = new() { People = [new CastMember("周管理", PersonRole.CityAdmin, "luohe", AdminAad)] };

    /// <summary>A newcomer redeems the code on the welcome card in Teams, and is registered as the invite says.</summary>
    private static async Task RedeemAsync(Door door, string code)
    {
        var menu = Card(await door.Chat.InvokeAsync(Newcomer, "invite.redeem", new JsonObject { ["inviteCode"] = code }));
        Assert.Contains("王新", AllText(menu));
        var person = await door.Db(db => db.People.Include(p => p.Unit).SingleAsync(p => p.AadObjectId == Newcomer));
        Assert.Equal(("王新", PersonRole.CountyLiaison, "wuyang"), (person.Name, person.Role, person.Unit!.Code));
    }

    [Fact]
    public async Task Creating_an_invite_leaves_the_same_row_and_audit_entry_through_the_API_and_in_Teams_and_either_code_redeems_alike()
    {
        var codes = new Dictionary<string, string>(); // each door's own code, by door name
        var steps = await DoorParity.AssertStepsAsync(_ => Task.CompletedTask,
        [
            new ParityStep(
                Api: async door =>
                {
                    using var created = await door.RequestAsync(door.People[AdminAad], HttpMethod.Post, "/api/v1/invite-codes",
                        new { unitCode = "wuyang", role = "CountyLiaison", inviteeName = "王新", validDays = 7 });
                    codes[door.Name] = (await HttpAssert.Json(created, HttpStatusCode.Created)).GetProperty("code").GetString()!;
                },
                Chat: async door =>
                {
                    var wuyang = await door.Db(db => db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync());
                    var form = Card(await door.Chat.InvokeAsync(AdminAad, "invite.create"));
                    var sent = door.Host.Connector.Requests.Count;
                    var receipt = Card(await door.Chat.PressAsync(AdminAad, form, "invite.create", new()
                    {
                        ["inviteUnitId"] = wuyang.ToString(CultureInfo.InvariantCulture), ["inviteRole"] = "CountyLiaison", ["inviteeName"] = "王新", ["days"] = "7",
                    }, step: "create"));
                    Assert.Empty(Inputs(receipt));
                    await door.Host.Connector.WaitUntilAsync(r => r.Count > sent);
                    codes[door.Name] = Regex.Match(door.Host.Connector.Requests[sent].Body!["text"]!.GetValue<string>(), "[0-9A-Z]{5}-[0-9A-Z]{5}").Value;
                    Assert.NotEmpty(codes[door.Name]);
                }),
            // Chat-only step: the same redeem of an API-made and a chat-made code.
            new ParityStep(Api: door => RedeemAsync(door, codes[door.Name]), Chat: door => RedeemAsync(door, codes[door.Name])),
        ], WithAdmin);
        var (create, redeem) = (steps[0], steps[1]);

        Assert.Single(create.Api.Tables["InviteCodes"]);
        Assert.Single(create.Api.Audit, a => a.StartsWith("invite.create ", StringComparison.Ordinal));
        Assert.Empty(create.Api.Ledger);

        Assert.Contains("People", redeem.Changed);
        Assert.Single(redeem.Api.Audit, a => a.StartsWith("invite.redeem ", StringComparison.Ordinal));
    }
}
