using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Flows.Letters;

/// <summary>
/// The same starting points on any door's host, reached through the workflow itself (so the 周交办 items and the notices a
/// real issue leaves are there too): a visit with two problem findings, and its letter issued, acknowledged, reported on.
/// </summary>
public static class LetterSeeds
{
    public const string Deadline = "2022-04-08"; // a Friday, a working day after the test clock's 2022-03-01

    /// <summary>A done visit of wuyang on 2022-02-20 with two problem findings (the two first check items of 2022) and one compliant.</summary>
    public static Task<int> VisitAsync(Door door) => door.Db(async db =>
    {
        var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
        var items = await db.CheckItems.Where(i => db.CheckTemplates.Any(t => t.Year == 2022 && t.Areas.Any(a => a.Id == i.CheckAreaId)))
            .OrderBy(i => i.Code).Take(3).ToListAsync();
        var visit = new GuidanceVisit
        {
            UnitId = unit.Id, Year = 2022, PlannedMonth = 2, StartDate = new(2022, 2, 20), EndDate = new(2022, 2, 20), Status = VisitStatus.Done,
            Findings =
            [
                new VisitFinding { CheckItemId = items[0].Id, Outcome = FindingOutcome.Problem, Note = "计划未覆盖全部重点企业", RecordedById = door.Staff.Id },
                new VisitFinding { CheckItemId = items[1].Id, Outcome = FindingOutcome.Problem, Note = "双随机抽查比例不足", RecordedById = door.Staff.Id },
                new VisitFinding { CheckItemId = items[2].Id, Outcome = FindingOutcome.Compliant, RecordedById = door.Staff.Id },
            ],
        };
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return visit.Id;
    });

    /// <summary>The check item codes of the visit's problems, in the order the issue form lists them.</summary>
    public static Task<List<string>> ProblemCodesAsync(Door door, int visitId) => door.Db(db => db.Set<VisitFinding>()
        .Where(f => f.GuidanceVisitId == visitId && f.Outcome == FindingOutcome.Problem).Select(f => f.CheckItem!.Code).ToListAsync())
        .ContinueWith(t => t.Result.Order(StringComparer.Ordinal).ToList());

    public static readonly (string Problem, string Opinion)[] Problems =
    [
        ("年度计划未覆盖全部重点企业", "补充纳入计划并报备"),
        ("双随机抽查比例不足", "按比例开展抽查"),
    ];

    /// <summary>The visit's letter, issued by the city staff member through the workflow; then as far as <paramref name="upTo"/>.</summary>
    public static async Task<int> LetterAsync(Door door, LetterStatus upTo)
    {
        var visitId = await VisitAsync(door);
        var codes = await ProblemCodesAsync(door, visitId);
        await using var scope = door.Host.Services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<LetterWorkflow>();
        var db = scope.ServiceProvider.GetRequiredService<GuidanceDbContext>();
        var staff = Actor.From(door.Staff);
        var liaison = Actor.From(door.Liaison);
        var issued = Ok(await workflow.IssueAsync(new LetterDraft(null, null, visitId, null, DateOnly.Parse(Deadline),
            [.. Problems.Select((p, i) => new LetterProblemInput(p.Problem, p.Opinion, codes[i]))], "张局长", "赵科员", "0395-3131234"), staff));
        var id = issued.Id!.Value;
        if (upTo == LetterStatus.Issued)
        {
            return id;
        }
        var acknowledged = Ok(await workflow.AcknowledgeAsync(id, issued.Version!.Value, liaison, receivedByName: "张局长"));
        if (upTo == LetterStatus.Acknowledged)
        {
            return id;
        }
        var problems = await db.Set<LetterProblem>().AsNoTracking().Where(p => p.OpinionLetterId == id).OrderBy(p => p.Order).ToListAsync();
        Ok(await workflow.SubmitReportAsync(id, acknowledged.Version!.Value, null, new ReportContent("张局长",
            [.. problems.Select(p => new ReportItemInput(p.Id, "已整改：" + p.Opinion, nameof(RectificationProgress.Done), null, ["https://wuyang.example.gov.cn/proof/" + p.Order]))]), liaison));
        return id;
    }

    private static WorkflowResult Ok(WorkflowResult result) =>
        result.Succeeded ? result : throw new Xunit.Sdk.XunitException($"seed step refused: {result.Status} {string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
}
