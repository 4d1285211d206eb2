using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// The city's own plan and 市县两级计划衔接 (issue 15, point 1). 舞阳 plans its three key enterprises (企业1–3) and has a fourth key
/// enterprise on its register that no plan lists; the city files its own list naming 舞阳企业1. The dovetailing runs in the filing
/// step: 企业1 is doubled, 企业4 left out, 临颍 (no list) cannot be compared; city staff see it in a notice, on the status card, in
/// the status API and at <c>GET /years/2022/dovetailing</c>; 舞阳's liaisons (only they) are told their part. A second city plan
/// is refused and writes nothing; replacing the list, or a county changing its plan, runs the dovetailing again.
/// </summary>
public class CityPlanDovetailingTests
{
    internal static string CityCsv(params (string Name, string Code, string Planned)[] rows) =>
        string.Join("\n", new[] { "名称,统一社会信用代码,类别,重点/一般,是否列入计划" }.Concat(rows.Select(r => $"{r.Name},{r.Code},工贸,重点,{r.Planned}")));

    internal static MultipartFormDataContent Upload(string csv, Guid? version = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "city-plan.csv" } };
        if (version is not null)
        {
            form.Add(new StringContent(version.ToString()!), "version");
        }
        return form;
    }

    internal static async Task<(string One, string Four)> SeedWuyangAsync(Door door)
    {
        await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Accepted, enterprises: 3);
        return await door.Db(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync();
            db.Enterprises.Add(new Enterprise { UnitId = unitId, Name = "wuyang企业4", CreditCode = TestCodes.Valid(unitId * 100 + 4), CategoryCode = "industry-trade", Tier = EnterpriseTier.Key });
            await db.SaveChangesAsync();
            var one = await db.Enterprises.Where(e => e.Name == "wuyang企业1").Select(e => e.CreditCode).SingleAsync();
            return (one, TestCodes.Valid(unitId * 100 + 4));
        });
    }

    [Fact]
    public async Task The_city_files_its_plan_once_and_the_dovetailing_reaches_city_staff_and_only_the_county_concerned()
    {
        await using var door = await Door.StartAsync("city-plan");
        var (one, four) = await SeedWuyangAsync(door);

        using var filed = await door.RequestAsync(door.Staff, HttpMethod.Post, "/api/v1/years/2022/city-plan",
            Upload(CityCsv(("wuyang企业1", one, "是"), ("市直企业甲", TestCodes.Valid(9001), "是"))));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var plan = JsonNode.Parse(await filed.Content.ReadAsStringAsync())!;
        Assert.Equal((2, 2), (plan["enterprises"]!.GetValue<int>(), plan["planned"]!.GetValue<int>()));

        var view = await door.SendAsync(door.Staff, HttpMethod.Get, "/api/v1/years/2022/dovetailing");
        Assert.True(view!["cityPlanFiled"]!.GetValue<bool>());
        var wuyang = view["units"]!.AsArray().Single(u => u!["unitCode"]!.GetValue<string>() == "wuyang")!;
        Assert.Equal(["wuyang企业1"], wuyang["plannedInBoth"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(["wuyang企业4"], wuyang["leftOut"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        var linying = view["units"]!.AsArray().Single(u => u!["unitCode"]!.GetValue<string>() == "linying")!;
        Assert.False(linying["countyListFiled"]!.GetValue<bool>());

        // Who is told: city staff the whole result, 舞阳's two liaisons their part, 临颍's liaison nothing.
        var ledger = await door.Db(db => db.DeliveryLedger.AsNoTracking().Select(e => new { e.PersonId, e.Kind }).ToListAsync());
        Assert.Equal([door.Staff.Id], ledger.Where(e => e.Kind == DovetailingNotice.Name).Select(e => e.PersonId));
        Assert.Equal(new[] { door.Liaison.Id, door.EnglishLiaison.Id }.Order(), ledger.Where(e => e.Kind == UnitDovetailingNotice.Name).Select(e => e.PersonId).Order());
        // The status: the city's card (asked before the notices go out: the test clock stands still, so a send right after them
        // would wait for Teams' per-conversation second forever) and the API.
        Assert.Contains("市县重复检查 1 家", AllText(await door.Chat.AskForCardAsync(StaffAad, "进度", "status-dovetailing")));
        // The cards as rendered into the ledger (the host's own dispatcher may have sent some already).
        var sent = (await door.Db(db => db.DeliveryLedger.AsNoTracking().Where(e => e.Kind == DovetailingNotice.Name || e.Kind == UnitDovetailingNotice.Name)
            .Select(e => e.Payload).ToListAsync())).Select(p => JsonNode.Parse(p)!["attachments"]![0]!["content"]!.AsObject()).ToList();
        door.Chat.Cards.AddRange(sent.Select((c, i) => ($"dovetailing-{i}", (JsonNode)c.DeepClone())));
        Assert.Contains(sent, c => AllText(c).Contains("舞阳县应急管理局：市县重复检查 1 家（wuyang企业1）；重点企业未列入任何计划 1 家（wuyang企业4）", StringComparison.Ordinal));
        Assert.Contains(sent, c => AllText(c).Contains($"wuyang企业4 ({four})", StringComparison.Ordinal)
            && AllText(c).Contains("未列入计划的重点企业", StringComparison.Ordinal));
        Assert.Contains(sent, c => AllText(c).Contains("Key enterprise in no plan", StringComparison.Ordinal));

        var status = await door.SendAsync(door.Staff, HttpMethod.Get, "/api/v1/status/2022");
        Assert.True(status!["dovetailing"]!["cityPlanFiled"]!.GetValue<bool>());

        // A second city plan of the year: refused, nothing written.
        var before = await door.Db(async db => (await db.AnnualPlans.CountAsync(), await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync()));
        var refused = await door.RefusedAsync(door.Staff, HttpMethod.Post, "/api/v1/years/2022/city-plan", Upload(CityCsv(("市直企业乙", TestCodes.Valid(9002), "是"))));
        Assert.Equal("市应急管理局 2022 年度监督检查计划已经报送，不能再报送第二份。如需调整，请用新名单替换现有计划。", refused["file"]);
        Assert.Equal(before, await door.Db(async db => (await db.AnnualPlans.CountAsync(), await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync())));

        // The county's plan is the liaison's: a county cannot file or read the city's.
        using var county = await door.RequestAsync(door.Liaison, HttpMethod.Post, "/api/v1/years/2022/city-plan", Upload(CityCsv(("x", TestCodes.Valid(9003), "是"))));
        Assert.Equal(HttpStatusCode.Forbidden, county.StatusCode);
        await door.Chat.AssertCardsValidAsync();
    }

    [Fact]
    public async Task Replacing_the_city_list_or_a_county_changing_its_plan_runs_the_dovetailing_again()
    {
        await using var door = await Door.StartAsync("changes");
        var (one, four) = await SeedWuyangAsync(door);
        await door.RequestAsync(door.Staff, HttpMethod.Post, "/api/v1/years/2022/city-plan", Upload(CityCsv(("wuyang企业1", one, "是"))));
        var version = await door.Db(db => db.AnnualPlans.Where(p => p.Unit!.Code == "luohe").Select(p => p.Version).SingleAsync());

        // The city takes over 企业4 and drops 企业1: 舞阳 now dovetails; city staff get the new result, 舞阳 nothing new.
        using var replaced = await door.RequestAsync(door.Staff, HttpMethod.Put, "/api/v1/years/2022/city-plan",
            Upload(CityCsv(("wuyang企业1", one, "否"), ("wuyang企业4", four, "是")), version));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var view = await door.SendAsync(door.Staff, HttpMethod.Get, "/api/v1/years/2022/dovetailing");
        Assert.True(view!["units"]!.AsArray().Single(u => u!["unitCode"]!.GetValue<string>() == "wuyang")!["dovetails"]!.GetValue<bool>());
        Assert.Equal(2, await door.Db(db => db.DeliveryLedger.CountAsync(e => e.Kind == DovetailingNotice.Name)));
        Assert.Equal(2, await door.Db(db => db.DeliveryLedger.CountAsync(e => e.Kind == UnitDovetailingNotice.Name))); // the first result's only

        // 舞阳 plans 企业4 too (its list, through the county's filing step): doubled again, both told in that step.
        await door.Host.WithDbAsync(async db =>
        {
            var plan = await db.AnnualPlans.Where(p => p.Unit!.Code == "wuyang").SingleAsync();
            plan.Status = SubmissionStatus.Returned; // editable again
            await db.SaveChangesAsync();
        });
        using (var scope = door.Host.Services.CreateScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<SubmissionWorkflow>();
            var rows = await door.Db(db => db.Enterprises.Where(e => e.Unit!.Code == "wuyang").OrderBy(e => e.Id)
                .Select(e => new EnterpriseListRow(e.Id, e.Name, e.CreditCode, e.CategoryCode, e.Tier, true)).ToListAsync());
            var result = await workflow.SaveListAsync(door.Liaison.UnitId, 2022, rows, "wuyang.csv", Actor.From(door.Liaison));
            Assert.True(result.Succeeded, result.Error?.Message);
        }
        view = await door.SendAsync(door.Staff, HttpMethod.Get, "/api/v1/years/2022/dovetailing");
        Assert.Equal(["wuyang企业4"], view!["units"]!.AsArray().Single(u => u!["unitCode"]!.GetValue<string>() == "wuyang")!["plannedInBoth"]!.AsArray()
            .Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(3, await door.Db(db => db.DeliveryLedger.CountAsync(e => e.Kind == DovetailingNotice.Name)));
        Assert.Equal(4, await door.Db(db => db.DeliveryLedger.CountAsync(e => e.Kind == UnitDovetailingNotice.Name)));
    }

    /// <summary>
    /// <paramref name="aad"/> sends <paramref name="csv"/> in the personal chat as a Teams file (served by the host's stand-in for
    /// SharePoint's download host, the one file host the bot's allowlist names in tests); the bot's answer to it (notices the
    /// dispatcher sends meanwhile go to the same conversation: the answer is the one that replies to the message).
    /// </summary>
    internal static async Task<JsonObject> SendListAsync(Door door, string aad, string csv, string name = "city.csv")
    {
        var url = door.Host.Files.Serve(name, Encoding.UTF8.GetBytes(csv));
        var before = door.Host.Connector.Requests.Count;
        var message = door.Host.Sample("message-personal.json");
        message["text"] = "";
        message["from"] = new JsonObject { ["id"] = UserId(aad), ["name"] = aad[^4..], ["aadObjectId"] = aad };
        message["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/csv", ["contentUrl"] = url, ["name"] = name });
        Assert.Equal(HttpStatusCode.OK, (await door.Host.PostAsync(message, door.Host.ValidToken())).StatusCode);
        await door.Host.Connector.WaitUntilAsync(r => r.Skip(before).Any(x => x.Body?["replyToId"] is not null));
        return door.Host.Connector.Requests.Skip(before).First(x => x.Body?["replyToId"] is not null).Body!.AsObject();
    }

    /// <summary>The card of a reply (fails with the reply when it is text).</summary>
    internal static JsonObject ReplyCard(JsonObject reply) =>
        reply["attachments"]?[0]?["content"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("expected a card: " + reply.ToJsonString());

    [Fact]
    public async Task City_staff_send_the_city_plan_in_the_chat_and_get_the_dovetailing_back_a_second_list_is_only_offered()
    {
        await using var door = await Door.StartAsync("chat");
        var (one, _) = await SeedWuyangAsync(door);

        var card = ReplyCard(await SendListAsync(door, StaffAad, CityCsv(("wuyang企业1", one, "是"))));
        door.Chat.Cards.Add(("city-plan", card));
        Assert.Contains("已报送市局 2022 年度监督检查计划：1 家企业", AllText(card));
        Assert.Contains("市县重复检查 1 家（wuyang企业1）", AllText(card));

        // The same list again: the plan is filed, so the answer is the offer to replace its list (CityPlanReplaceTests), and the
        // plan, its audit trail and the notices stay as they were.
        var before = await door.Db(async db => (await db.AnnualPlans.Where(p => p.Unit!.Code == "luohe").Select(p => p.Version).SingleAsync(),
            await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync()));
        var offer = ReplyCard(await SendListAsync(door, StaffAad, CityCsv(("wuyang企业1", one, "是"))));
        door.Chat.Cards.Add(("city-plan-offer", offer));
        Assert.Contains("新增 0 家，移出 0 家", AllText(offer));
        Assert.Equal(before, await door.Db(async db => (await db.AnnualPlans.Where(p => p.Unit!.Code == "luohe").Select(p => p.Version).SingleAsync(),
            await db.AuditLog.CountAsync(), await db.DeliveryLedger.CountAsync())));
        Assert.Equal(1, await door.Db(db => db.AnnualPlans.CountAsync(p => p.Unit!.Code == "luohe")));
        await door.Chat.AssertCardsValidAsync();
    }
}
