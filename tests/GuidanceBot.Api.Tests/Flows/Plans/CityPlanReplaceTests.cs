using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Api.Tests.Flows.Plans.CityPlanDovetailingTests;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// Replacing the city plan's list in the chat (issue 15, point 1): city staff who send a list while the year's plan is filed get
/// an offer — the plan as filed (how many, when, by whom) and what the list changes — and nothing of the plan changes until they
/// confirm with the plan's version; an older offer is stale and writes nothing. Replaced, the dovetailing runs: city staff see the
/// result, the county concerned is told its part. The same in English (a city staff member and a liaison who chose en-US), with the
/// status card of city staff in both languages. The step through the API and through chat is compared in <see cref="CityPlanParityTests"/>.
/// </summary>
public class CityPlanReplaceTests
{
    private const string EnglishStaffAad = "00000000-0000-0000-0000-00000000c0e5";

    private static Task<(Guid Version, int Entries, int Drafts)> PlanAsync(Door door) => door.Db(async db =>
    {
        var plan = await db.AnnualPlans.AsNoTracking().Include(p => p.Entries).SingleAsync(p => p.Unit!.Code == "luohe" && p.Year == 2022);
        return (plan.Version, plan.Entries.Count, await db.CityPlanListDrafts.CountAsync());
    });

    private static Task<List<string>> AuditAsync(Door door) => door.Db(db => db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Action + "/" + a.Reason).ToListAsync());

    /// <summary>The cards queued for <paramref name="person"/> of <paramref name="kind"/>, as rendered into the ledger, newest last.</summary>
    private static async Task<List<JsonObject>> QueuedAsync(Door door, int person, string kind) =>
        [.. (await door.Db(db => db.DeliveryLedger.AsNoTracking().Where(e => e.PersonId == person && e.Kind == kind).OrderBy(e => e.Id).Select(e => e.Payload).ToListAsync()))
            .Select(p => JsonNode.Parse(p)!["attachments"]![0]!["content"]!.AsObject())];

    [Fact]
    public async Task City_staff_replace_the_list_in_chat_only_once_they_confirm_an_older_offer_is_stale_and_the_county_concerned_is_told()
    {
        await using var door = await Door.StartAsync("replace");
        var (one, four) = await SeedWuyangAsync(door);
        var two = await door.Db(db => db.Enterprises.Where(e => e.Name == "wuyang企业2").Select(e => e.CreditCode).SingleAsync());
        Assert.Contains("已报送", AllText(ReplyCard(await SendListAsync(door, StaffAad, CityCsv(("wuyang企业1", one, "是")), "city-1.csv"))));
        var filed = await PlanAsync(door);
        var audit = await AuditAsync(door);
        var ledger = await door.Db(db => db.DeliveryLedger.CountAsync());

        // A new list: the offer, nothing replaced (the list waits as the sender's draft). The clock moves past Teams'
        // per-conversation second after the notices the filing queued to the same chat.
        door.Host.Clock.Advance(TimeSpan.FromSeconds(2));
        var first = ReplyCard(await SendListAsync(door, StaffAad, CityCsv(("wuyang企业2", two, "是"), ("wuyang企业4", four, "是")), "city-2.csv"));
        door.Chat.Cards.Add(("city-plan-offer", first));
        Assert.Contains("市局 2022 年度监督检查计划已于 2022-03-01 09:00 由赵科员报送，列有 1 家企业。", AllText(first));
        Assert.Contains("刚发送的名单“city-2.csv”有 2 家企业：新增 2 家，移出 1 家。", AllText(first));
        Assert.Equal(CityPlanReplacement.Verb, Assert.Single(TeamsDriver.Verbs(first)));
        Assert.DoesNotContain(four, ActionData(first, CityPlanReplacement.Verb).ToJsonString()); // the list is not in the card
        Assert.Equal(filed with { Drafts = 1 }, await PlanAsync(door));
        Assert.Equal(audit, await AuditAsync(door));
        Assert.Equal(ledger, await door.Db(db => db.DeliveryLedger.CountAsync()));

        // Another list before confirming: it takes the first one's place.
        door.Host.Clock.Advance(TimeSpan.FromSeconds(2));
        var second = ReplyCard(await SendListAsync(door, StaffAad,
            CityCsv(("wuyang企业2", two, "是"), ("wuyang企业4", four, "是"), ("市直企业甲", TestCodes.Valid(9001), "是")), "city-3.csv"));
        Assert.Contains("刚发送的名单“city-3.csv”有 3 家企业：新增 3 家，移出 1 家。", AllText(second));
        Assert.Equal(filed with { Drafts = 1 }, await PlanAsync(door));

        // The first offer's list is gone: stale, nothing written but the refusal's entry.
        AssertStale(await door.Chat.PressAsync(StaffAad, first, CityPlanReplacement.Verb));
        Assert.Equal(filed with { Drafts = 1 }, await PlanAsync(door));
        Assert.Equal([.. audit, "bot.refused/stale"], await AuditAsync(door));

        // A county liaison cannot press the offer (role), even with its data.
        AssertError(await door.Chat.PressAsync(LiaisonAad, second, CityPlanReplacement.Verb), 403);
        Assert.Equal(filed with { Drafts = 1 }, await PlanAsync(door));

        // Confirmed: replaced, the dovetailing is the answer; city staff and 舞阳's liaisons are told the new result.
        var done = Card(await door.Chat.PressAsync(StaffAad, second, CityPlanReplacement.Verb, name: "city-plan-replaced"));
        Assert.Contains("已替换市局 2022 年度监督检查计划名单：3 家企业。", AllText(done));
        Assert.Contains("舞阳县应急管理局：市县重复检查 1 家（wuyang企业2）", AllText(done));
        var replaced = await PlanAsync(door);
        Assert.Equal((3, 0), (replaced.Entries, replaced.Drafts));
        Assert.NotEqual(filed.Version, replaced.Version);
        Assert.Equal(CityPlanWorkflow.ReplaceAction + "/", (await AuditAsync(door))[^1]);
        Assert.Equal(2, (await QueuedAsync(door, door.Staff.Id, DovetailingNotice.Name)).Count);
        var zh = await QueuedAsync(door, door.Liaison.Id, UnitDovetailingNotice.Name);
        var en = await QueuedAsync(door, door.EnglishLiaison.Id, UnitDovetailingNotice.Name);
        Assert.Equal((2, 2), (zh.Count, en.Count));
        Assert.Contains($"wuyang企业2 ({two})", AllText(zh[^1]));
        Assert.Contains("市县重复", AllText(zh[^1]));
        Assert.Contains("Wuyang County: 1 planned by both city and county (wuyang企业2)", AllText(en[^1]));
        Assert.Contains($"Planned by both", AllText(en[^1]));
        Assert.DoesNotContain("linying", string.Join(",", await door.Db(db => db.DeliveryLedger.Where(e => e.Kind == UnitDovetailingNotice.Name)
            .Select(e => e.Subject).ToListAsync())));

        // The same offer again: its list is used and the plan has moved on.
        var after = await AuditAsync(door);
        AssertStale(await door.Chat.PressAsync(StaffAad, second, CityPlanReplacement.Verb));
        Assert.Equal(replaced, await PlanAsync(door));
        Assert.Equal([.. after, "bot.refused/stale"], await AuditAsync(door));

        door.Chat.Cards.AddRange(zh.Concat(en).Select((c, i) => ($"county-notice-{i}", (JsonNode)c)));
        await door.Chat.AssertCardsValidAsync();
    }

    [Fact]
    public async Task In_English_city_staff_read_the_dovetailing_the_status_and_the_offer_and_the_county_reads_its_notice()
    {
        await using var door = await Door.StartAsync("english", new ParityOptions
        {
            People = [new CastMember("Zhao En", PersonRole.CityStaff, "luohe", EnglishStaffAad, "en-US")],
        });
        var (one, four) = await SeedWuyangAsync(door);
        var two = await door.Db(db => db.Enterprises.Where(e => e.Name == "wuyang企业2").Select(e => e.CreditCode).SingleAsync());

        var filed = ReplyCard(await SendListAsync(door, EnglishStaffAad, CityCsv(("wuyang企业1", one, "是"))));
        door.Chat.Cards.Add(("city-plan-en", filed));
        Assert.Contains("The city bureau's 2022 plan is filed: 1 enterprises (list \"city.csv\").", AllText(filed));
        Assert.Contains("Wuyang County: 1 planned by both city and county (wuyang企业1); 1 key enterprises in no plan (wuyang企业4)", AllText(filed));
        Assert.Contains("Linying County: filed counts only, no enterprise list to compare", AllText(filed));

        // A second plan through the API (POST): refused in English, nothing written.
        var before = await door.Db(async db => (await db.AnnualPlans.CountAsync(), await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync()));
        using (var client = await door.ApiAsync(door.People[EnglishStaffAad]))
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
            using var refused = await client.PostAsync("/api/v1/years/2022/city-plan", Upload(CityCsv(("市直企业乙", TestCodes.Valid(9002), "是"))));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("The city bureau's 2022 inspection plan has already been filed; a second one cannot be filed. To change it, replace the plan's list.",
                JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["file"]![0]!.GetValue<string>());
        }
        Assert.Equal(before, await door.Db(async db => (await db.AnnualPlans.CountAsync(), await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync())));

        // City staff's status card shows the result, in each one's language (the clock moves past Teams' per-conversation second
        // after the notices the filing queued).
        door.Host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("Wuyang County: 1 planned by both city and county (wuyang企业1); 1 key enterprises in no plan (wuyang企业4)",
            AllText(await door.Chat.AskForCardAsync(EnglishStaffAad, "status", "status-dovetailing-en")));
        door.Host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("舞阳县应急管理局：市县重复检查 1 家（wuyang企业1）；重点企业未列入任何计划 1 家（wuyang企业4）",
            AllText(await door.Chat.AskForCardAsync(StaffAad, "进度", "status-dovetailing-zh")));

        door.Host.Clock.Advance(TimeSpan.FromSeconds(2));
        var offer = ReplyCard(await SendListAsync(door, EnglishStaffAad, CityCsv(("wuyang企业2", two, "是"), ("wuyang企业4", four, "是")), "city-2.csv"));
        door.Chat.Cards.Add(("city-plan-offer-en", offer));
        Assert.Contains("The city bureau's 2022 inspection plan was filed on 2022-03-01 09:00 by Zhao En and lists 1 enterprises.", AllText(offer));
        Assert.Contains("The list you sent (\"city-2.csv\") has 2 enterprises: 2 added, 1 removed.", AllText(offer));
        Assert.Contains("until you confirm, the plan stays as it is", AllText(offer));

        var done = Card(await door.Chat.PressAsync(EnglishStaffAad, offer, CityPlanReplacement.Verb, name: "city-plan-replaced-en"));
        Assert.Contains("The city bureau's 2022 plan list is replaced: 2 enterprises.", AllText(done));
        Assert.Contains("Wuyang County: 1 planned by both city and county (wuyang企业2)", AllText(done));

        var en = await QueuedAsync(door, door.EnglishLiaison.Id, UnitDovetailingNotice.Name);
        Assert.Equal(2, en.Count);
        Assert.Contains($"Planned by both", AllText(en[^1]));
        Assert.Contains($"wuyang企业2 ({two})", AllText(en[^1]));
        Assert.Contains("Check with the city bureau and adjust your unit's annual inspection plan.", AllText(en[^1]));
        var staff = await QueuedAsync(door, door.People[EnglishStaffAad].Id, DovetailingNotice.Name);
        Assert.Contains("City and county plans dovetailing (2022)", AllText(staff[^1]));
        door.Chat.Cards.AddRange(en.Concat(staff).Select((c, i) => ($"notice-en-{i}", (JsonNode)c)));
        await door.Chat.AssertCardsValidAsync();
    }
}
