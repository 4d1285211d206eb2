using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

public class LetterWorkflowTests : IAsyncLifetime
{
    private TestDatabase tdb = null!;
    private Actor staff = null!;
    private Actor county = null!;

    public async Task InitializeAsync()
    {
        tdb = await TestDatabase.CreateAsync();
        staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        county = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyResponsible, "李局长"));
    }

    public async Task DisposeAsync() => await tdb.DisposeAsync();

    private async Task<WorkflowResult> Step(Func<LetterWorkflow, Task<WorkflowResult>> step)
    {
        await using var db = tdb.NewContext();
        return await step(tdb.Letters(db));
    }

    private Task<OpinionLetter> Reload(int id) => tdb.WithContextAsync(db => db.Letters.AsNoTracking().SingleAsync(l => l.Id == id));

    [Fact]
    public async Task A_letter_goes_from_issue_to_close_with_a_returned_report_on_the_way()
    {
        var letter = await tdb.DraftLetterAsync("wuyang", new DateOnly(2022, 3, 15), problems: 2);
        var problems = await tdb.WithContextAsync(db => db.Set<LetterProblem>().Where(p => p.OpinionLetterId == letter.Id).OrderBy(p => p.Order).Select(p => p.Id).ToListAsync());

        var issued = await Step(w => w.IssueAsync(letter.Id, letter.Version, staff));
        Assert.Equal("(漯)应急指导〔2022〕1号", issued.Detail);
        var ack = await Step(w => w.AcknowledgeAsync(letter.Id, issued.Version!.Value, county));

        // Submitting needs every problem answered.
        Assert.Equal("report.missing", (await Step(w => w.SubmitReportAsync(letter.Id, ack.Version!.Value, county))).Error!.Code);
        var content = new ReportContent("李局长", [.. problems.Select(id => new ReportItemInput(id, "已整改", "Done", null, ["https://wuyang.example.gov.cn/proof"]))]);
        var report = await Step(w => w.SubmitReportAsync(letter.Id, ack.Version!.Value, null, content, county));
        Assert.True(report.Succeeded, report.Error?.Message);
        var (reportId, items) = await tdb.WithContextAsync(async db =>
        {
            var r = await db.RectificationReports.Include(x => x.Items).SingleAsync();
            return (r.Version, r.Items.OrderBy(i => i.Id).Select(i => i.Id).ToList());
        });

        // The city returns the last problem; closing is refused while it is open.
        var accepted = await Step(w => w.ReviewItemAsync(letter.Id, items[0], reportId, "Accepted", null, staff));
        var returned = await Step(w => w.ReviewItemAsync(letter.Id, items[^1], accepted.Version!.Value, "Returned", "无佐证材料", staff));
        Assert.True(returned.Succeeded, returned.Error?.Message);
        var closeOpen = await Step(w => w.CloseAsync(letter.Id, report.Version!.Value, staff));
        Assert.Equal("letter.items_open", closeOpen.Error!.Code);
        var back = await Step(w => w.ReturnReportAsync(letter.Id, report.Version!.Value, "第2项无佐证材料", staff));
        var again = await Step(w => w.SubmitReportAsync(letter.Id, back.Version!.Value, county));
        var reviewed = await tdb.WithContextAsync(db => db.RectificationReports.SingleAsync());
        Assert.Equal(2, reviewed.SubmissionCount);
        await Step(w => w.ReviewItemAsync(letter.Id, items[^1], reviewed.Version, "Accepted", null, staff));
        var closed = await Step(w => w.CloseAsync(letter.Id, again.Version!.Value, staff));
        Assert.True(closed.Succeeded, closed.Error?.Message);

        var stored = await Reload(letter.Id);
        Assert.Equal(LetterStatus.Closed, stored.Status);
        Assert.Equal(1, stored.Serial);
        Assert.Equal(new DateOnly(2022, 3, 1), stored.IssuedOn);
        Assert.Equal("李局长", stored.AcknowledgedByName);
        Assert.NotNull(stored.ClosedUtc);
        Assert.Equal(Rectification.ReportStatus.Accepted, (await tdb.WithContextAsync(db => db.RectificationReports.SingleAsync())).Status);
        Assert.All(await tdb.WithContextAsync(db => db.Assignments.ToListAsync()), a => Assert.NotNull(a.ClosedOn));

        var audit = await tdb.WithContextAsync(db => db.AuditLog.OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(
            ["letter.issue", "letter.acknowledge", "report.edit", "letter.report_submit", "report.review", "report.review", "letter.report_return",
             "letter.report_submit", "report.review", "letter.close"],
            audit.Select(a => a.Action));
        Assert.Equal("(漯)应急指导〔2022〕1号", audit[0].Details);
        Assert.Equal("第2项无佐证材料", audit[6].Reason);
        Assert.All(audit.Where(a => a.Action.StartsWith("letter.")), a => Assert.Equal(nameof(OpinionLetter), a.EntityType));
    }

    [Fact]
    public async Task A_deadline_on_a_National_Day_holiday_is_refused_with_the_make_up_Saturday_offered()
    {
        var letter = await tdb.DraftLetterAsync("wuyang", new DateOnly(2022, 10, 3));

        var zh = await Step(w => w.IssueAsync(letter.Id, letter.Version, staff));
        var en = await Step(w => w.IssueAsync(letter.Id, letter.Version, staff with { Culture = DomainText.English }));

        Assert.Equal("整改报告期限 2022-10-03 不是工作日，可改为 2022-10-08。", zh.Error!.Message);
        Assert.Equal("The report deadline 2022-10-03 is not a working day; 2022-10-08 is the next one.", en.Error!.Message);
        Assert.Equal("reportDeadline", zh.Error.Field);
        var stored = await Reload(letter.Id);
        Assert.Equal(LetterStatus.Draft, stored.Status);
        Assert.Null(stored.Serial);
        Assert.Empty(await tdb.WithContextAsync(db => db.LetterNumberCounters.ToListAsync()));
    }

    [Fact]
    public async Task A_deadline_on_the_make_up_Saturday_is_accepted()
    {
        var letter = await tdb.DraftLetterAsync("wuyang", new DateOnly(2022, 10, 8));

        Assert.True((await Step(w => w.IssueAsync(letter.Id, letter.Version, staff))).Succeeded);
    }

    [Fact]
    public async Task A_letter_without_problems_or_with_a_past_deadline_is_not_issued()
    {
        var empty = await tdb.DraftLetterAsync("wuyang", new DateOnly(2022, 3, 15), problems: 0);
        var late = await tdb.DraftLetterAsync("wuyang", new DateOnly(2022, 2, 28));

        Assert.Equal("letter.no_problems", (await Step(w => w.IssueAsync(empty.Id, empty.Version, staff))).Error!.Code);
        Assert.Equal("letter.deadline_past", (await Step(w => w.IssueAsync(late.Id, late.Version, staff))).Error!.Code);
    }

    [Fact]
    public async Task Steps_out_of_order_and_by_the_wrong_side_are_refused_and_write_nothing()
    {
        var letter = await tdb.DraftLetterAsync("wuyang", new DateOnly(2022, 3, 15));
        var other = Actor.From(await tdb.PersonAsync("linying", PersonRole.CountyLiaison, "赵联络员"));

        var byCounty = await Step(w => w.IssueAsync(letter.Id, letter.Version, county));
        Assert.Equal(WorkflowStatus.Forbidden, byCounty.Status);
        Assert.Equal("只有市应急管理局工作人员可以执行此操作。", byCounty.Error!.Message);

        var early = await Step(w => w.AcknowledgeAsync(letter.Id, letter.Version, county));
        Assert.Equal("当前状态为“草稿”，不能签收。", early.Error!.Message);

        var issued = await Step(w => w.IssueAsync(letter.Id, letter.Version, staff));
        var again = await Step(w => w.IssueAsync(letter.Id, issued.Version!.Value, staff));
        Assert.Equal("workflow.invalid_step", again.Error!.Code);
        var wrongCounty = await Step(w => w.AcknowledgeAsync(letter.Id, issued.Version!.Value, other));
        Assert.Equal(WorkflowStatus.Forbidden, wrongCounty.Status);
        var closeEarly = await Step(w => w.CloseAsync(letter.Id, issued.Version!.Value, staff));
        Assert.Equal("workflow.invalid_step", closeEarly.Error!.Code);

        Assert.Equal(issued.Version, (await Reload(letter.Id)).Version);
        Assert.Equal(1, await tdb.WithContextAsync(db => db.AuditLog.CountAsync()));
    }
}
