using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Api.Jobs;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Onboarding;

/// <summary>
/// Someone who installs the app, registers on the welcome card and types nothing more is reachable: the
/// conversation Teams announced at installation is theirs from the moment they redeem.
/// </summary>
public class ReachableAfterRedeemTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000a0a1";
    private const string NewLiaisonAad = "00000000-0000-0000-0000-00000000b0b1";
    private const string NewStaffAad = "00000000-0000-0000-0000-00000000b0b2";

    /// <summary>The admin fills in the invite card in chat; the code comes in the chat message.</summary>
    private static async Task<string> InviteAsync(TeamsDriver flow, string unit, PersonRole role, string name)
    {
        var unitId = 0;
        await flow.Host.WithDbAsync(async db => unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync());
        var before = flow.Host.Connector.Requests.Count;
        Card(await flow.InvokeAsync(AdminAad, "invite.create", new JsonObject
        {
            ["step"] = "create", ["inviteUnitId"] = unitId.ToString(), ["inviteRole"] = role.ToString(), ["inviteeName"] = name, ["days"] = "7",
        }));
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > before);
        return Regex.Match(flow.Host.Connector.Requests[before].Text!, InviteCodes.Pattern).Value;
    }

    /// <summary>
    /// Teams installs the app for the user (installationUpdate in their new 1:1 chat; the bot answers with the
    /// welcome card) and the user redeems the code on that card: the invoke comes from the same chat.
    /// </summary>
    private static async Task<string> InstallAndRedeemAsync(BotHostFactory host, string aad, string userId, string code)
    {
        var conversation = "a:1on1-" + userId;
        JsonObject FromUser(JsonObject activity)
        {
            activity["from"] = new JsonObject { ["id"] = userId, ["name"] = "Teams " + aad[^4..], ["aadObjectId"] = aad };
            activity["conversation"]!["id"] = conversation;
            return activity;
        }

        var before = host.Connector.Requests.Count;
        Assert.True((await host.PostAsync(FromUser(host.Sample("installation-update-add.json")), host.ValidToken())).IsSuccessStatusCode);
        await host.Connector.WaitUntilAsync(r => r.Skip(before).Any(x => x.ConversationId == conversation));

        var redeem = FromUser(host.Sample("invoke-action-execute.json"));
        redeem["value"]!["action"]!["verb"] = "invite.redeem";
        redeem["value"]!["action"]!["data"] = new JsonObject { ["inviteCode"] = code };
        var answer = JsonNode.Parse(await (await host.PostAsync(redeem, host.ValidToken())).Content.ReadAsStringAsync())!;
        Assert.Contains("登记成功", AllText(Card(answer)));
        return conversation;
    }

    [Fact]
    public async Task Someone_who_registers_and_types_nothing_more_gets_proactive_messages_and_group_card_refreshes()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var host = flow.Host;
        await host.AddPersonAsync("管理员", PersonRole.CityAdmin, "luohe", AdminAad);
        var liaisonChat = await InstallAndRedeemAsync(host, NewLiaisonAad, "29:new-liaison", await InviteAsync(flow, "wuyang", PersonRole.CountyLiaison, "新联络员"));
        await InstallAndRedeemAsync(host, NewStaffAad, "29:new-staff", await InviteAsync(flow, "luohe", PersonRole.CityStaff, "新科员"));

        // 22 March 2022, 09:00: seven working days before the plan's filing date (31 March) — wuyang's liaisons are nudged.
        host.Clock.Advance(new DateTimeOffset(2022, 3, 22, 9, 0, 0, TimeSpan.FromHours(8)) - host.Clock.GetUtcNow());
        var sentBefore = host.Connector.Requests.Count;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NudgePlannerJob>().RunAsync(CancellationToken.None);
        }
        await flow.DispatchAsync("nudge");

        // The plan's and the approval's (both due 31 March) nudges, in the chat saved at installation.
        var nudges = host.Connector.Requests.Skip(sentBefore).Where(r => r.ConversationId == liaisonChat).Select(r => AllText(r.Body!["attachments"]![0]!["content"]!)).ToList();
        Assert.Equal(2, nudges.Count);
        Assert.Contains(nudges, n => n.Contains("年度监督检查计划"));
        await host.WithDbAsync(async db =>
        {
            var newcomer = await db.People.SingleAsync(p => p.AadObjectId == NewLiaisonAad);
            Assert.Null(newcomer.UnreachableSinceUtc);
            Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Sent], await db.DeliveryLedger.Where(e => e.PersonId == newcomer.Id).Select(e => e.Status).ToListAsync());
        });

        // A filing opened in a group chat: the new staff member's Teams refreshes the card to the decision form too.
        var planId = await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var shared = Card(await flow.InvokeAsync(StaffAad, "review.open", new JsonObject { ["kind"] = "plan", ["id"] = planId }, group: true));
        var userIds = shared["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal(["29:new-staff", UserId(AdminAad), UserId(StaffAad)], userIds.Order(StringComparer.Ordinal));
    }
}
