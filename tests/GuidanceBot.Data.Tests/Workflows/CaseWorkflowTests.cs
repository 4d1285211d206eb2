using GuidanceBot.Data.Cases;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

/// <summary>The typical-case rules the bot and the API share. The clock stands at 2022-03-01 09:00 in China.</summary>
public class CaseWorkflowTests : IAsyncLifetime
{
    private TestDatabase tdb = null!;
    private Actor liaison = null!;
    private Actor staff = null!;

    private static readonly CaseDecision AllHold = new(true, true, true, true, true, true, null);

    public async Task InitializeAsync()
    {
        tdb = await TestDatabase.CreateAsync();
        liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "张联络员"));
        staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
    }

    public async Task DisposeAsync() => await tdb.DisposeAsync();

    private async Task<WorkflowResult> Run(Func<CaseWorkflow, Task<WorkflowResult>> step)
    {
        await using var db = tdb.NewContext();
        return await step(tdb.Cases(db));
    }

    private Task<WorkflowResult> Report(CaseReport report, Actor? who = null) => Run(w => w.ReportAsync(report, who ?? liaison));

    private static CaseReport Good(string number = "舞应急罚〔2022〕3号") => new(2022, "某公司未落实安全培训案", number, new DateOnly(2022, 2, 10), "行政处罚");

    private Task<TypicalCase> Load(int id) => tdb.WithContextAsync(db => db.TypicalCases.AsNoTracking().SingleAsync(c => c.Id == id));

    private Task<(int Cases, int Audit)> Counts() =>
        tdb.WithContextAsync(async db => (await db.TypicalCases.CountAsync(), await db.AuditLog.CountAsync()));

    [Fact]
    public async Task A_report_is_stored_for_the_actors_unit_with_the_type_code_and_one_audit_entry()
    {
        var done = await Report(Good());
        Assert.True(done.Succeeded);
        var stored = await Load(done.Id!.Value);
        Assert.Equal((liaison.UnitId, 2022, "penalty", CaseQualification.Pending, liaison.PersonId),
            (stored.UnitId, stored.Year, stored.EnforcementType, stored.Qualification, (int?)stored.ReportedById));
        var audit = await tdb.WithContextAsync(db => db.AuditLog.SingleAsync());
        Assert.Equal(("case.report", done.Id.Value.ToString()), (audit.Action, audit.EntityId));
    }

    [Fact]
    public async Task Bad_reports_name_every_bad_field_and_write_nothing()
    {
        await Report(Good());
        var before = await Counts();

        var bad = await Report(new CaseReport(2022, " ", "舞应急罚〔2022〕3号", new DateOnly(2022, 3, 2), "罚款"));
        Assert.Equal(WorkflowStatus.Refused, bad.Status);
        Assert.Equal(new[] { "caseNumber", "enforcementType", "reportedOn", "title" }, bad.Errors.Select(e => e.Field!).Order());
        Assert.Equal("报送日期不能晚于今天（2022-03-01）。", bad.Errors.Single(e => e.Field == "reportedOn").Message);
        Assert.Contains("行政处罚、行政强制、执法检查", bad.Errors.Single(e => e.Field == "enforcementType").Message);
        Assert.Contains("舞应急罚〔2022〕3号", bad.Errors.Single(e => e.Field == "caseNumber").Message);

        var lastYear = await Report(Good("X-1") with { ReportedOn = new DateOnly(2021, 12, 30) });
        Assert.Equal("报送日期必须在 2022 年内。", lastYear.Errors.Single().Message);
        var nextYear = await Report(Good("X-2") with { Year = 2023, ReportedOn = new DateOnly(2023, 1, 2) });
        Assert.Equal(["year", "reportedOn"], nextYear.Errors.Select(e => e.Field));
        var english = await Report(Good("X-3") with { ReportedOn = null }, liaison with { Culture = DomainText.English });
        Assert.Equal(("reportedOn", "This field is required."), (english.Errors.Single().Field, english.Errors.Single().Message));

        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Only_county_people_report()
    {
        var refused = await Report(Good(), staff);
        Assert.Equal(WorkflowStatus.Forbidden, refused.Status);
        Assert.Equal((0, 0), await Counts());
    }

    [Fact]
    public async Task Judging_follows_the_five_criteria()
    {
        var c = await Report(Good());
        var id = c.Id!.Value;
        var version = c.Version!.Value;

        // Not qualified: a reason and at least one criterion failed.
        var noReason = await Run(w => w.JudgeAsync(id, version, new CaseDecision(false, true, false, true, true, true, " "), staff));
        Assert.Equal("reason", noReason.Errors.Single().Field);
        var nothingFailed = await Run(w => w.JudgeAsync(id, version, new CaseDecision(false, true, true, true, true, true, "卷宗偏薄"), staff));
        Assert.Equal(("qualified", "评定为不合格时，至少要有一项标准未达到。"), (nothingFailed.Errors.Single().Field, nothingFailed.Errors.Single().Message));
        // Qualified: all five.
        var notAll = await Run(w => w.JudgeAsync(id, version, new CaseDecision(true, true, true, false, true, true, null), staff));
        Assert.Equal("qualified", notAll.Errors.Single().Field);
        var missing = await Run(w => w.JudgeAsync(id, version, new CaseDecision(null, true, null, true, true, null, null), staff));
        Assert.Equal(["contentAccurate", "fileComplete"], missing.Errors.Select(e => e.Field));
        var missingCase = await Run(w => w.JudgeAsync(id + 9, version, AllHold, staff));
        Assert.Equal(("找不到该典型案例。", WorkflowStatus.NotFound), (missingCase.Error!.Message, missingCase.Status));
        var county = await Run(w => w.JudgeAsync(id, version, AllHold, liaison));
        Assert.Equal(WorkflowStatus.Forbidden, county.Status);
        Assert.Equal(CaseQualification.Pending, (await Load(id)).Qualification);

        var judged = await Run(w => w.JudgeAsync(id, version, new CaseDecision(false, true, true, false, true, true, "证据链不完整"), staff));
        Assert.True(judged.Succeeded);
        var stored = await Load(id);
        Assert.Equal((CaseQualification.NotQualified, false, "证据链不完整", staff.PersonId, new DateTime(2022, 3, 1, 1, 0, 0)),
            (stored.Qualification, stored.EvidenceConclusive, stored.QualificationReason, stored.JudgedById, stored.JudgedUtc));

        // The card the judge saw is stale now; the same decision again is refused; a changed one is a re-judgement.
        var stale = await Run(w => w.JudgeAsync(id, version, AllHold, staff));
        Assert.Equal(WorkflowStatus.Conflict, stale.Status);
        var same = await Run(w => w.JudgeAsync(id, judged.Version!.Value, new CaseDecision(false, true, true, false, true, true, "证据链不完整"), staff));
        Assert.Equal("case.judge_unchanged", same.Error!.Code);
        tdb.Clock.Advance(TimeSpan.FromDays(2));
        var rejudged = await Run(w => w.JudgeAsync(id, judged.Version!.Value, AllHold with { Reason = "补充证据后复核" }, staff));
        Assert.True(rejudged.Succeeded);
        stored = await Load(id);
        Assert.Equal((CaseQualification.Qualified, true, "补充证据后复核"), (stored.Qualification, stored.EvidenceConclusive, stored.QualificationReason));

        var audit = await tdb.WithContextAsync(db => db.AuditLog.OrderBy(a => a.Id).Select(a => new { a.Action, a.Details }).ToListAsync());
        Assert.Equal(["case.report", "case.judge", "case.rejudge"], audit.Select(a => a.Action));
        Assert.Equal("NotQualified → Qualified", audit[2].Details);
    }

    [Fact]
    public async Task Without_an_explicit_decision_the_case_qualifies_exactly_when_all_five_hold()
    {
        var a = await Report(Good("A-1"));
        var b = await Report(Good("A-2"));
        var ok = await Run(w => w.JudgeAsync(a.Id!.Value, a.Version!.Value, AllHold with { Qualified = null }, staff));
        Assert.True(ok.Succeeded);
        var failed = await Run(w => w.JudgeAsync(b.Id!.Value, b.Version!.Value, new CaseDecision(null, false, true, true, true, true, "程序违法"), staff));
        Assert.True(failed.Succeeded);
        Assert.Equal(CaseQualification.Qualified, (await Load(a.Id!.Value)).Qualification);
        Assert.Equal(CaseQualification.NotQualified, (await Load(b.Id!.Value)).Qualification);
    }

    [Fact]
    public async Task The_notices_commit_with_the_step_and_a_refused_step_tells_nobody()
    {
        var c = await Report(Good());
        var id = c.Id!.Value;
        // Reported: city staff are asked to judge it, in the report's transaction.
        Assert.Equal([("case-reported", $"case:{id}", "reported", staff.PersonId!.Value)], await Notices());

        var stale = await Run(w => w.JudgeAsync(id, Guid.NewGuid(), AllHold, staff));
        Assert.Equal(WorkflowStatus.Conflict, stale.Status);
        Assert.Single(await Notices());

        var done = await Run(w => w.JudgeAsync(id, c.Version!.Value, AllHold, staff));
        Assert.True(done.Succeeded);
        // Judged: the unit's liaison is told, keyed by the version judged (a changed decision is told again).
        Assert.Equal(("case-judged", $"case:{id}", $"judged-{c.Version}", liaison.PersonId!.Value), (await Notices())[1]);
    }

    private Task<List<(string Kind, string Subject, string Stage, int PersonId)>> Notices() =>
        tdb.WithContextAsync(async db => (await db.DeliveryLedger.OrderBy(e => e.Id).ToListAsync()).Select(e => (e.Kind, e.Subject, e.Stage, e.PersonId)).ToList());
}
