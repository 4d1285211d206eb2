using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Tracking;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Tracking;

/// <summary>A scripted April and May 2022 whose figures were worked out by hand (see the comments).</summary>
public class ReviewCompilerTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var wuyang = (await _db.UnitAsync("wuyang")).Id;
        var linying = (await _db.UnitAsync("linying")).Id;
        await using var db = _db.NewContext();
        void Item(string key, int unit, string assigned, string due, string? closed) => db.Assignments.Add(new AssignmentItem
        {
            SubjectKey = key, Title = "事项" + key, UnitId = unit, Year = 2022, Kind = AssignmentKind.VisitProblem,
            AssignedOn = DateOnly.Parse(assigned), DueDate = DateOnly.Parse(due), ClosedOn = closed is null ? null : DateOnly.Parse(closed),
            OwnerName = "联络员",
        });
        Item("A", wuyang, "2022-04-20", "2022-05-10", "2022-05-09"); // May: closed on time
        Item("B", wuyang, "2022-05-05", "2022-05-20", "2022-05-25"); // May: closed late
        Item("C", wuyang, "2022-05-06", "2022-05-15", null);         // May: overdue 16 days at 31 May
        Item("D", wuyang, "2022-05-20", "2022-06-15", null);         // May: open, not yet due
        Item("E", wuyang, "2022-03-01", "2022-03-31", "2022-04-02"); // April: closed late; out of May
        Item("F", linying, "2022-05-10", "2022-05-31", "2022-05-31"); // May: closed on the due day = on time
        Item("G", linying, "2022-04-01", "2022-04-30", null);         // April: open (due that day); May: overdue 31 days
        void Case(int unit, string reported, CaseQualification q, string number) => db.TypicalCases.Add(new TypicalCase
        {
            UnitId = unit, Year = 2022, Title = "案例" + number, CaseNumber = number, ReportedOn = DateOnly.Parse(reported),
            EnforcementType = "行政处罚", Qualification = q,
        });
        Case(wuyang, "2022-03-10", CaseQualification.Qualified, "舞应急罚〔2022〕1号");
        Case(wuyang, "2022-05-18", CaseQualification.NotQualified, "舞应急罚〔2022〕7号");
        Case(wuyang, "2022-06-02", CaseQualification.Qualified, "舞应急罚〔2022〕9号"); // after May: not counted
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task The_May_review_matches_the_hand_computed_figures()
    {
        await using var db = _db.NewContext();
        var compiler = new ReviewCompiler(db, _db.Clock);
        await compiler.CompileMonthlyAsync(2022, 4);
        var may = await compiler.CompileMonthlyAsync(2022, 5);

        var wuyang = may.Lines.Single(l => l.UnitName == "舞阳县应急管理局");
        Assert.Equal((3, 1, 1, 1, 1), (wuyang.Assigned, wuyang.ClosedOnTime, wuyang.ClosedLate, wuyang.Overdue, wuyang.Open));
        Assert.Equal(333, wuyang.OnTimePermille);           // 1 on time of 3 due
        Assert.Equal(333, wuyang.OnTimePermilleChange);     // April: 0 of 1 (E closed late)
        Assert.Equal((2, 1), (wuyang.TypicalCasesReported, wuyang.TypicalCasesQualified)); // by 31 May: 2 reported, 1 qualified
        Assert.Equal(6, wuyang.Rank);

        var linying = may.Lines.Single(l => l.UnitName == "临颍县应急管理局");
        Assert.Equal((1, 1, 0, 1, 0), (linying.Assigned, linying.ClosedOnTime, linying.ClosedLate, linying.Overdue, linying.Open));
        Assert.Equal(500, linying.OnTimePermille);
        Assert.Null(linying.OnTimePermilleChange);          // April had nothing due for Linying
        Assert.Equal(5, linying.Rank);

        // The four units with nothing due share the first place.
        Assert.Equal([1, 1, 1, 1], may.Lines.Where(l => l.Assigned == 0 && l.Overdue == 0).Select(l => l.Rank));

        Assert.Equal([("事项G", 31), ("事项C", 16)], may.Overdue.Select(o => (o.Title, o.DaysOverdue)));
    }

    [Fact]
    public async Task Two_of_three_on_time_is_667_per_mille_shown_as_66_7_percent_not_truncated()
    {
        var yuanhui = (await _db.UnitAsync("yuanhui")).Id;
        await using (var seed = _db.NewContext())
        {
            foreach (var (key, due, closed) in new[] { ("Y1", "2022-05-10", "2022-05-09"), ("Y2", "2022-05-12", "2022-05-12"), ("Y3", "2022-05-20", (string?)null) })
            {
                seed.Assignments.Add(new AssignmentItem
                {
                    SubjectKey = key, Title = "事项" + key, UnitId = yuanhui, Year = 2022, Kind = AssignmentKind.VisitProblem, OwnerName = "联络员",
                    AssignedOn = new DateOnly(2022, 5, 4), DueDate = DateOnly.Parse(due), ClosedOn = closed is null ? null : DateOnly.Parse(closed),
                });
            }
            await seed.SaveChangesAsync();
        }

        await using var db = _db.NewContext();
        var may = await new ReviewCompiler(db, _db.Clock).CompileMonthlyAsync(2022, 5);

        var line = may.Lines.Single(l => l.UnitId == yuanhui);
        Assert.Equal((2, 0, 1), (line.ClosedOnTime, line.ClosedLate, line.Overdue));
        Assert.Equal(667, line.OnTimePermille);
        Assert.Equal("66.7%", GuidanceBot.Data.Rules.Rates.PercentOfPermille(line.OnTimePermille));
        Assert.Equal(4, line.Rank); // after the three units with nothing due, before Linying (50.0%) and Wuyang (33.3%)
    }

    [Fact]
    public async Task The_weekly_list_of_16_May_numbers_what_is_open_that_day()
    {
        await using var db = _db.NewContext();
        var week = await new ReviewCompiler(db, _db.Clock).CompileWeeklyAsync(new DateOnly(2022, 5, 16));

        Assert.Equal(1, week.Serial);
        Assert.Equal(
            [(1, "事项C", AssignmentLineStatus.Overdue), (2, "事项B", AssignmentLineStatus.Open),
             (3, "事项G", AssignmentLineStatus.Overdue), (4, "事项F", AssignmentLineStatus.New)],
            week.Lines.OrderBy(l => l.Order).Select(l => (l.Order, l.Title, l.Status)));
    }

    [Fact]
    public async Task A_snapshot_is_written_once_and_never_changed()
    {
        int firstId;
        await using (var db = _db.NewContext())
        {
            firstId = (await new ReviewCompiler(db, _db.Clock).CompileMonthlyAsync(2022, 5)).Id;
            var c = await db.Assignments.SingleAsync(a => a.SubjectKey == "C");
            c.ClosedOn = new DateOnly(2022, 5, 14); // history rewritten after the review
            await db.SaveChangesAsync();
        }

        await using var again = _db.NewContext();
        var may = await new ReviewCompiler(again, _db.Clock).CompileMonthlyAsync(2022, 5);
        Assert.Equal(firstId, may.Id);
        Assert.Equal(1, may.Lines.Single(l => l.UnitName == "舞阳县应急管理局").Overdue);
        Assert.Equal(1, await again.MonthlySnapshots.CountAsync());
    }
}
