using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Cases;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Cases;

/// <summary>
/// Typical cases through both doors (issue 13, point 5): the county's report and the city's judgement and re-judgement,
/// taken through /api/v1 by the same people's bearer tokens on one door and through Teams cards on the other
/// (<see cref="DoorParity.AssertStepsAsync"/>, compared after each step), leave the same rows, the same audit entries and
/// the same notices queued (city staff asked to judge, the liaisons told the decision).
/// </summary>
public class CaseParityTests
{
    private const string Title = "某钢铁公司未落实有限空间作业审批案", Number = "舞应急罚〔2022〕3号", ReportedOn = "2022-02-10", Reason = "现场检查笔录缺少当事人签字";

    private static Task<TypicalCase> CaseAsync(Door door) => door.Db(db => db.TypicalCases.AsNoTracking().SingleAsync());

    private static async Task ReportThroughApiAsync(Door door)
    {
        using var created = await door.RequestAsync(door.Liaison, HttpMethod.Post, "/api/v1/cases",
            new { title = Title, caseNumber = Number, reportedOn = ReportedOn, enforcementType = "penalty" });
        await HttpAssert.Json(created, HttpStatusCode.Created);
    }

    private static async Task ReportInTeamsAsync(Door door)
    {
        var form = Card(await door.Chat.InvokeAsync(LiaisonAad, "case.report"));
        var receipt = Card(await door.Chat.PressAsync(LiaisonAad, form, "case.report", new()
        {
            ["title"] = Title, ["caseNumber"] = Number, ["reportedOn"] = ReportedOn, ["enforcementType"] = "penalty",
        }, step: "submit"));
        Assert.Empty(Inputs(receipt));
    }

    private static async Task JudgeThroughApiAsync(Door door)
    {
        var kase = await CaseAsync(door);
        using var judged = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/cases/{kase.Id}/judge", new
        {
            version = kase.Version, qualified = false, procedureSound = false, contentAccurate = true, evidenceConclusive = true,
            lawCorrectlyApplied = true, fileComplete = true, reason = Reason,
        });
        await HttpAssert.Json(judged, HttpStatusCode.OK);
    }

    private static async Task JudgeInTeamsAsync(Door door)
    {
        var judgeForm = Card(await door.Chat.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = (await CaseAsync(door)).Id }));
        var judged = Card(await door.Chat.PressAsync(StaffAad, judgeForm, "case.judge", new()
        {
            ["qualified"] = "notQualified", ["procedureSound"] = "false", ["contentAccurate"] = "true", ["evidenceConclusive"] = "true",
            ["lawCorrectlyApplied"] = "true", ["fileComplete"] = "true", ["reason"] = Reason,
        }));
        Assert.Empty(Inputs(judged));
    }

    /// <summary>Judged again, all five criteria now met; the request leaves the verdict to follow them.</summary>
    private static async Task RejudgeThroughApiAsync(Door door)
    {
        var kase = await CaseAsync(door);
        using var rejudged = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/cases/{kase.Id}/judge", new
        {
            version = kase.Version, procedureSound = true, contentAccurate = true, evidenceConclusive = true,
            lawCorrectlyApplied = true, fileComplete = true,
        });
        await HttpAssert.Json(rejudged, HttpStatusCode.OK);
    }

    /// <summary>Re-judged as qualified with all five criteria now met.</summary>
    private static async Task RejudgeInTeamsAsync(Door door)
    {
        var again = Card(await door.Chat.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = (await CaseAsync(door)).Id }));
        var rejudged = Card(await door.Chat.PressAsync(StaffAad, again, "case.judge", new()
        {
            ["qualified"] = "qualified", ["procedureSound"] = "true", ["contentAccurate"] = "true", ["evidenceConclusive"] = "true",
            ["lawCorrectlyApplied"] = "true", ["fileComplete"] = "true", ["reason"] = "",
        }));
        Assert.Empty(Inputs(rejudged));
    }

    [Fact]
    public async Task Reporting_judging_and_rejudging_a_case_leave_the_same_rows_audit_entries_and_notices_through_the_API_and_in_Teams()
    {
        var steps = await DoorParity.AssertStepsAsync(_ => Task.CompletedTask,
        [
            new ParityStep(ReportThroughApiAsync, ReportInTeamsAsync),
            new ParityStep(JudgeThroughApiAsync, JudgeInTeamsAsync),
            new ParityStep(RejudgeThroughApiAsync, RejudgeInTeamsAsync),
        ]);
        var (report, judge, rejudge) = (steps[0], steps[1], steps[2]);

        Assert.Contains("TypicalCases", report.Changed);
        Assert.Single(report.Api.Audit, a => a.StartsWith("case.report ", StringComparison.Ordinal));
        Assert.Contains(report.Api.Ledger, l => l.Contains(" case-reported ", StringComparison.Ordinal));

        Assert.Contains("TypicalCases", judge.Changed);
        Assert.Single(judge.Api.Audit, a => a.StartsWith("case.judge ", StringComparison.Ordinal));
        Assert.Contains(judge.Api.Ledger, l => l.Contains(" case-judged ", StringComparison.Ordinal));

        Assert.Contains("TypicalCases", rejudge.Changed);
        Assert.Single(rejudge.Api.Audit, a => a.StartsWith("case.rejudge ", StringComparison.Ordinal) && a.Contains("NotQualified → Qualified", StringComparison.Ordinal));
    }
}
