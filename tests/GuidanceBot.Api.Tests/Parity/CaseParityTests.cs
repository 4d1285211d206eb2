using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Parity;

/// <summary>
/// Typical cases through both doors (issue 13, point 5): the county's report and the city's judgement and re-judgement,
/// taken through /api/v1 by the same people's bearer tokens in one world and through Teams cards in another, leave the
/// same rows, the same audit entries and the same notices queued (city staff asked to judge, the liaisons told the decision).
/// </summary>
public class CaseParityTests
{
    private const string Title = "某钢铁公司未落实有限空间作业审批案", Number = "舞应急罚〔2022〕3号", ReportedOn = "2022-02-10", Reason = "现场检查笔录缺少当事人签字";

    private static async Task<(DoorSnapshot Report, DoorSnapshot Judge, DoorSnapshot Rejudge)> ThroughApiAsync()
    {
        await using var world = await ParityWorld.StartAsync();
        var start = await world.SnapshotAsync();
        var liaison = world.Api(world.Liaison);
        var created = await liaison.PostAsJsonAsync("/api/v1/cases", new { title = Title, caseNumber = Number, reportedOn = ReportedOn, enforcementType = "penalty" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var kase = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var reported = await world.SnapshotAsync();

        var staff = world.Api(world.Staff);
        var judged = await staff.PostAsJsonAsync($"/api/v1/cases/{kase["id"]}/judge", new
        {
            version = kase["version"]!.GetValue<string>(), qualified = false, procedureSound = false, contentAccurate = true, evidenceConclusive = true,
            lawCorrectlyApplied = true, fileComplete = true, reason = Reason,
        });
        Assert.Equal(HttpStatusCode.OK, judged.StatusCode);
        var judgement = JsonNode.Parse(await judged.Content.ReadAsStringAsync())!;
        var afterJudge = await world.SnapshotAsync();

        var rejudged = await staff.PostAsJsonAsync($"/api/v1/cases/{kase["id"]}/judge", new
        {
            version = judgement["version"]!.GetValue<string>(), procedureSound = true, contentAccurate = true, evidenceConclusive = true,
            lawCorrectlyApplied = true, fileComplete = true,
        });
        Assert.Equal(HttpStatusCode.OK, rejudged.StatusCode);
        return (reported.Since(start), afterJudge.Since(reported), (await world.SnapshotAsync()).Since(afterJudge));
    }

    private static async Task<(DoorSnapshot Report, DoorSnapshot Judge, DoorSnapshot Rejudge)> ThroughChatAsync()
    {
        await using var world = await ParityWorld.StartAsync();
        var bot = world.Bot;
        var start = await world.SnapshotAsync();
        var form = Card(await bot.InvokeAsync(LiaisonAad, "case.report"));
        var receipt = Card(await bot.PressAsync(LiaisonAad, form, "case.report", new()
        {
            ["title"] = Title, ["caseNumber"] = Number, ["reportedOn"] = ReportedOn, ["enforcementType"] = "penalty",
        }, step: "submit"));
        Assert.Empty(Inputs(receipt));
        var reported = await world.SnapshotAsync();

        var caseId = 0;
        await world.Host.WithDbAsync(async db => caseId = (await db.TypicalCases.SingleAsync()).Id);
        var judgeForm = Card(await bot.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = caseId }));
        var judged = Card(await bot.PressAsync(StaffAad, judgeForm, "case.judge", new()
        {
            ["qualified"] = "notQualified", ["procedureSound"] = "false", ["contentAccurate"] = "true", ["evidenceConclusive"] = "true",
            ["lawCorrectlyApplied"] = "true", ["fileComplete"] = "true", ["reason"] = Reason,
        }));
        Assert.Empty(Inputs(judged));
        var afterJudge = await world.SnapshotAsync();

        // Re-judged as qualified with all five criteria now met (the API's request leaves the verdict to follow them).
        var again = Card(await bot.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = caseId }));
        var rejudged = Card(await bot.PressAsync(StaffAad, again, "case.judge", new()
        {
            ["qualified"] = "qualified", ["procedureSound"] = "true", ["contentAccurate"] = "true", ["evidenceConclusive"] = "true",
            ["lawCorrectlyApplied"] = "true", ["fileComplete"] = "true", ["reason"] = "",
        }));
        Assert.Empty(Inputs(rejudged));
        return (reported.Since(start), afterJudge.Since(reported), (await world.SnapshotAsync()).Since(afterJudge));
    }

    [Fact]
    public async Task Reporting_judging_and_rejudging_a_case_leave_the_same_rows_audit_entries_and_notices_through_the_API_and_in_Teams()
    {
        var api = await ThroughApiAsync();
        var chat = await ThroughChatAsync();

        DoorSnapshot.AssertSame(api.Report, chat.Report);
        Assert.Single(api.Report.Audit, a => a.StartsWith("Action=case.report |", StringComparison.Ordinal));
        Assert.Contains(api.Report.Ledger, l => l.Contains("Kind=case-reported", StringComparison.Ordinal));

        DoorSnapshot.AssertSame(api.Judge, chat.Judge);
        Assert.Single(api.Judge.Audit, a => a.StartsWith("Action=case.judge |", StringComparison.Ordinal));
        Assert.Contains(api.Judge.Ledger, l => l.Contains("Kind=case-judged", StringComparison.Ordinal));

        DoorSnapshot.AssertSame(api.Rejudge, chat.Rejudge);
        Assert.Single(api.Rejudge.Audit, a => a.StartsWith("Action=case.rejudge |", StringComparison.Ordinal) && a.Contains("NotQualified → Qualified", StringComparison.Ordinal));
    }
}
