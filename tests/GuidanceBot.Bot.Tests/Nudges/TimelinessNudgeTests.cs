using System.Globalization;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>
/// 及时反馈 and 闭合 (issue 15, point 5) with the 2022 calendar and the clock moved day by day: the opinion letter of a visit with
/// problems is due the year's setup's LetterDueWorkingDays working days after the visit and city staff are nudged before,
/// on and after that day until it is issued; a problem accepted as in progress stays on the 周交办 list due the day promised and
/// the county is nudged until it reports it done, then city staff until they confirm it.
/// </summary>
public partial class TimelinessNudgeTests
{
    private static async Task RunDaysAsync(NudgeHarness h, DateOnly from, DateOnly to, Func<DateOnly, Task>? before = null)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            h.SetLocal(day, 9);
            if (before is not null)
            {
                await before(day);
            }
            await h.PlanAsync();
            await h.Dispatcher.DispatchDueAsync();
        }
    }

    private static string Day(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task City_staff_are_nudged_before_on_and_after_the_letters_due_day_until_it_is_issued()
    {
        await using var h = await NudgeHarness.StartAsync();
        var staff = await h.AddPersonAsync("赵科员", PersonRole.CityStaff, "luohe");
        var english = await h.AddPersonAsync("Zhao Staff", PersonRole.CityStaff, "luohe", "en-US");
        await h.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang");
        var (visit, quiet) = await h.WithDbAsync(async db =>
        {
            var item = await db.CheckItems.OrderBy(i => i.Id).FirstAsync();
            var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var linying = await db.Units.SingleAsync(u => u.Code == "linying");
            var withProblems = new GuidanceVisit
            {
                UnitId = wuyang.Id, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Done, StartDate = new(2022, 3, 3), EndDate = new(2022, 3, 4),
                Findings = [new VisitFinding { CheckItemId = item.Id, Outcome = FindingOutcome.Problem, Note = "计划未覆盖", RecordedById = staff.Id }],
            };
            // All compliant: no letter is owed, nobody is nudged.
            var compliant = new GuidanceVisit
            {
                UnitId = linying.Id, Year = 2022, PlannedMonth = 3, Status = VisitStatus.Done, StartDate = new(2022, 3, 3), EndDate = new(2022, 3, 4),
                Findings = [new VisitFinding { CheckItemId = item.Id, Outcome = FindingOutcome.Compliant, RecordedById = staff.Id }],
            };
            db.Visits.AddRange(withProblems, compliant);
            await db.SaveChangesAsync();
            return (withProblems, compliant);
        });

        // Ten working days after Fri 4 March is Fri 18 March. On Tue 22 March the letter is issued (before the run at nine).
        await RunDaysAsync(h, new DateOnly(2022, 3, 5), new DateOnly(2022, 3, 28), async day =>
        {
            if (day == new DateOnly(2022, 3, 23))
            {
                await h.WithDbAsync(async db =>
                {
                    var city = await db.Units.SingleAsync(u => u.Code == "luohe");
                    db.Letters.Add(new OpinionLetter
                    {
                        UnitId = visit.UnitId, IssuerUnitId = city.Id, GuidanceVisitId = visit.Id, Year = 2022, Status = LetterStatus.Issued, Number = "(漯)应急指导〔2022〕1号",
                        VisitDate = new(2022, 3, 3), ReportDeadline = new(2022, 4, 22), IssuedOn = day, CityContactName = "赵科员", CityContactPhone = "0395-1",
                    });
                    await db.SaveChangesAsync();
                });
            }
        });

        var all = (await h.LedgerAsync()).Where(e => e.Kind == NudgeKinds.LetterDue).OrderBy(e => e.DueUtc).ToList();
        Assert.All(all, e => Assert.Equal($"visit-letter:{visit.Id}", e.Subject));
        var ledger = all.Where(e => e.PersonId == staff.Id).ToList();
        // The same nudges to the city staff member who reads English, in English (the unit's English name; no Chinese).
        var inEnglish = all.Where(e => e.PersonId == english.Id).ToList();
        Assert.Equal(ledger.Select(e => e.Stage), inEnglish.Select(e => e.Stage));
        Assert.All(inEnglish, e => Assert.DoesNotMatch(Cjk(), e.Payload));
        Assert.Contains("Opinion letter 2 working day(s) late", inEnglish[^1].Payload);
        Assert.Contains("Wuyang", inEnglish[^1].Payload);
        Assert.Equal(
            [("2022-03-15", "before-3"), ("2022-03-17", "before-1"), ("2022-03-18", "due"), ("2022-03-21", "overdue-20220321"), ("2022-03-22", "overdue-20220322")],
            ledger.Select(e => (Day(e.DueUtc), e.Stage)).ToList());
        Assert.DoesNotContain(await h.LedgerAsync(), e => e.Subject == $"visit-letter:{quiet.Id}");
        var card = ledger[^1].Payload;
        Assert.Contains("执法指导意见书已逾期 2 个工作日", card);
        Assert.Contains("\"verb\":\"visit.open\"", card);
    }

    [Fact]
    public async Task A_problem_accepted_in_progress_stays_on_the_list_due_the_promised_day_and_is_nudged_until_confirmed_done()
    {
        await using var h = await NudgeHarness.StartAsync();
        var staff = await h.AddPersonAsync("赵科员", PersonRole.CityStaff, "luohe");
        var liaison = await h.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang");
        var englishStaff = await h.AddPersonAsync("Zhao Staff", PersonRole.CityStaff, "luohe", "en-US");
        var englishLiaison = await h.AddPersonAsync("Wang Lian", PersonRole.CountyLiaison, "wuyang", "en-US");
        h.SetLocal(new DateOnly(2022, 4, 1), 10);
        var (letterId, itemId, problemId) = await h.WithDbAsync(async db =>
        {
            var wuyang = await db.Units.SingleAsync(u => u.Code == "wuyang");
            var city = await db.Units.SingleAsync(u => u.Code == "luohe");
            var letter = new OpinionLetter
            {
                UnitId = wuyang.Id, IssuerUnitId = city.Id, Year = 2022, Status = LetterStatus.ReportSubmitted, Number = "(漯)应急指导〔2022〕2号",
                VisitDate = new(2022, 3, 3), ReportDeadline = new(2022, 3, 31), IssuedOn = new(2022, 3, 10), CityContactName = "赵科员", CityContactPhone = "0395-1",
                Problems = [new LetterProblem { Order = 1, Problem = "执法案卷未及时归档", Opinion = "建立归档台账" }],
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            var problem = letter.Problems[0];
            db.Assignments.Add(new AssignmentItem
            {
                UnitId = wuyang.Id, Year = 2022, Kind = AssignmentKind.VisitProblem, SubjectKey = AssignmentTracker.LetterProblemKey(problem.Id),
                Title = "问题1", AssignedOn = new(2022, 3, 10), DueDate = new(2022, 3, 31),
            });
            var report = new RectificationReport
            {
                OpinionLetterId = letter.Id, UnitId = wuyang.Id, Status = ReportStatus.Submitted, ResponsibleName = "张局长", SubmissionCount = 1,
                Items = [new RectificationItem { LetterProblemId = problem.Id, Measures = "正在整理 2021 年案卷", Progress = RectificationProgress.InProgress, ExpectedCompletion = new(2022, 4, 15) }],
            };
            db.RectificationReports.Add(report);
            await db.SaveChangesAsync();
            return (letter.Id, report.Items[0].Id, problem.Id);
        });
        Task<RectificationReport> Report() => h.WithDbAsync(db => db.RectificationReports.Include(r => r.Items).AsNoTracking().SingleAsync());
        Task<AssignmentItem> Assignment() => h.WithDbAsync(db => db.Assignments.AsNoTracking().SingleAsync());
        async Task<WorkflowResult> Step(Func<LetterWorkflow, Guid, Task<WorkflowResult>> step)
        {
            WorkflowResult result = null!;
            var version = (await Report()).Version;
            await h.WithScopeAsync(async sp => result = await step(sp.GetRequiredService<LetterWorkflow>(), version));
            return result;
        }

        // The city accepts the rectification as it stands, in progress: the item stays open, now due the day promised.
        Assert.True((await Step((w, v) => w.ReviewItemAsync(letterId, itemId, v, "Accepted", null, Actor.From(staff)))).Succeeded);
        var open = await Assignment();
        Assert.Equal((new DateOnly(2022, 4, 15), (DateOnly?)null), (open.DueDate, open.ClosedOn));
        // Reporting it done is the county's; confirming needs a report first.
        Assert.Equal(WorkflowStatus.Forbidden, (await Step((w, v) => w.ReportCompletionAsync(letterId, itemId, v, null, null, Actor.From(staff)))).Status);
        Assert.Equal("completion.not_reported", (await Step((w, v) => w.ConfirmCompletionAsync(letterId, itemId, v, "Accepted", null, Actor.From(staff)))).Error!.Code);

        // The liaison: 3 working days before Fri 15 April (Tue 12), the day, then weekly (Mon 18). Done on Tue 19, reported at ten.
        await RunDaysAsync(h, new DateOnly(2022, 4, 2), new DateOnly(2022, 4, 19));
        h.SetLocal(new DateOnly(2022, 4, 19), 10);
        var ahead = await Step((w, v) => w.ReportCompletionAsync(letterId, itemId, v, new DateOnly(2022, 4, 20), null, Actor.From(liaison)));
        Assert.Equal("completion.date_ahead", ahead.Error!.Code);
        Assert.True((await Step((w, v) => w.ReportCompletionAsync(letterId, itemId, v, null, "案卷已全部归档", Actor.From(liaison)))).Succeeded);
        // City staff: on the next run (Wed 20), again the next week (Mon 25); they confirm on Tue 26 at ten.
        await RunDaysAsync(h, new DateOnly(2022, 4, 20), new DateOnly(2022, 4, 26));
        h.SetLocal(new DateOnly(2022, 4, 26), 10);
        Assert.True((await Step((w, v) => w.ConfirmCompletionAsync(letterId, itemId, v, "Accepted", null, Actor.From(staff)))).Succeeded);
        await RunDaysAsync(h, new DateOnly(2022, 4, 27), new DateOnly(2022, 5, 10));

        var all = (await h.LedgerAsync()).Where(e => e.Kind is NudgeKinds.CompletionDue or NudgeKinds.CompletionConfirm).OrderBy(e => e.DueUtc).ToList();
        var ledger = all.Where(e => e.PersonId == staff.Id || e.PersonId == liaison.Id).ToList();
        // The same nudges to the two who read English, in English: nothing Chinese but the letter's number (data).
        var inEnglish = all.Where(e => e.PersonId == englishStaff.Id || e.PersonId == englishLiaison.Id).ToList();
        Assert.Equal(ledger.Select(e => (e.Kind, e.Stage)), inEnglish.Select(e => (e.Kind, e.Stage)));
        Assert.All(inEnglish, e => Assert.DoesNotMatch(Cjk(), e.Payload.Replace("(漯)应急指导〔2022〕2号", "", StringComparison.Ordinal)));
        Assert.Equal(
            [
                (liaison.Id, NudgeKinds.CompletionDue, "2022-04-12", "before-3"),
                (liaison.Id, NudgeKinds.CompletionDue, "2022-04-15", "due"),
                (liaison.Id, NudgeKinds.CompletionDue, "2022-04-18", "overdue-2022W16"),
                (staff.Id, NudgeKinds.CompletionConfirm, "2022-04-20", "confirm-20220419-2022W16"),
                (staff.Id, NudgeKinds.CompletionConfirm, "2022-04-25", "confirm-20220419-2022W17"),
            ],
            ledger.Select(e => (e.PersonId, e.Kind, Day(e.DueUtc), e.Stage)).ToList());
        Assert.All(ledger, e => Assert.Equal($"completion:{itemId}", e.Subject));
        Assert.Contains("\"verb\":\"completion.open\"", ledger[0].Payload);
        // Off the list on the day it was done, so it counts as closed late against the promise (Fri 15).
        Assert.Equal(new DateOnly(2022, 4, 19), (await Assignment()).ClosedOn);
        var item = (await Report()).Items.Single();
        Assert.Equal((new DateOnly(2022, 4, 19), "案卷已全部归档"), (item.CompletedOn, item.CompletionNote));
        Assert.NotNull(item.CompletionConfirmedUtc);
        Assert.Contains(await h.WithDbAsync(db => db.AuditLog.Select(a => a.Action).ToListAsync()), a => a == LetterWorkflow.CompletionReviewAction);
        _ = problemId;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial System.Text.RegularExpressions.Regex Cjk();
}
