using System.Net;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Api.Tests.Flows.Plans.CityPlanDovetailingTests;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// The city's own plan through both doors on two fresh databases (<see cref="DoorParity"/>): filing it (the API's POST, a list sent
/// in the chat) and replacing its list (the API's PUT with the version seen, a list sent in the chat and the offer confirmed) give
/// the same rows, audit entries and queued notices — the dovetailing's included; the chat's draft is gone once confirmed.
/// </summary>
public class CityPlanParityTests
{
    private const string FileName = "city-plan.csv"; // the name the API's upload gives: the audit entry names the list

    private static async Task<(string One, string Two, string Four)> CodesAsync(Door door) => await door.Db(async db =>
    (
        await db.Enterprises.Where(e => e.Name == "wuyang企业1").Select(e => e.CreditCode).SingleAsync(),
        await db.Enterprises.Where(e => e.Name == "wuyang企业2").Select(e => e.CreditCode).SingleAsync(),
        await db.Enterprises.Where(e => e.Name == "wuyang企业4").Select(e => e.CreditCode).SingleAsync()));

    private static async Task<string> FirstListAsync(Door door)
    {
        var (one, _, _) = await CodesAsync(door);
        return CityCsv(("wuyang企业1", one, "是"), ("市直企业甲", TestCodes.Valid(9001), "是"));
    }

    private static async Task<string> SecondListAsync(Door door)
    {
        var (one, two, four) = await CodesAsync(door);
        return CityCsv(("wuyang企业1", one, "否"), ("wuyang企业2", two, "是"), ("wuyang企业4", four, "是"));
    }

    [Fact]
    public async Task Filing_the_city_plan_is_the_same_step_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: async door => await SeedWuyangAsync(door),
            api: async door =>
            {
                using var response = await door.RequestAsync(door.Staff, HttpMethod.Post, "/api/v1/years/2022/city-plan", Upload(await FirstListAsync(door)));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            },
            chat: async door => Assert.Contains("已报送", AllText(ReplyCard(await SendListAsync(door, StaffAad, await FirstListAsync(door), FileName)))));

        Assert.Contains("AnnualPlans", result.Changed);
        Assert.Contains("DeliveryLedger", result.Changed); // the dovetailing's notices
        Assert.Contains(result.Api.Audit, a => a.StartsWith("plan.city_file ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replacing_the_city_plans_list_is_the_same_step_in_both_doors()
    {
        var results = await DoorParity.AssertStepsAsync(
            seed: async door =>
            {
                await SeedWuyangAsync(door);
                using var response = await door.RequestAsync(door.Staff, HttpMethod.Post, "/api/v1/years/2022/city-plan", Upload(await FirstListAsync(door)));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            },
            [
                new ParityStep(
                    Api: async door =>
                    {
                        var version = await door.Db(db => db.AnnualPlans.Where(p => p.Unit!.Code == "luohe").Select(p => p.Version).SingleAsync());
                        using var response = await door.RequestAsync(door.Staff, HttpMethod.Put, "/api/v1/years/2022/city-plan", Upload(await SecondListAsync(door), version));
                        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    },
                    Chat: async door =>
                    {
                        door.Host.Clock.Advance(TimeSpan.FromSeconds(2)); // past Teams' per-conversation second after the filing's notices
                        var offer = ReplyCard(await SendListAsync(door, StaffAad, await SecondListAsync(door), FileName));
                        Assert.Contains("新增 2 家，移出 1 家", AllText(offer));
                        Assert.Contains("已替换", AllText(Card(await door.Chat.PressAsync(StaffAad, offer, CityPlanReplacement.Verb))));
                        Assert.Equal(0, await door.Db(db => db.CityPlanListDrafts.CountAsync()));
                    }),
            ]);

        Assert.Contains("PlanEntry", results[0].Changed);
        Assert.Contains(results[0].Api.Audit, a => a.StartsWith("plan.city_replace ", StringComparison.Ordinal));
        Assert.True(results[0].Api.Ledger.Any(l => l.Contains("plan-dovetailing-unit", StringComparison.Ordinal)), string.Join("\n", results[0].Api.Ledger));
    }
}
