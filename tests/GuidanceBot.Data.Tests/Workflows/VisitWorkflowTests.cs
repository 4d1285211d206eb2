using GuidanceBot.Data.People;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

/// <summary>The schedule step (the clock at 2022-03-01 in China): one visit per unit and year, every bad field at once.</summary>
public class VisitWorkflowTests
{
    private static Task<WorkflowResult> ScheduleAsync(TestDatabase tdb, ScheduleVisit command, Actor actor) =>
        tdb.WithContextAsync(db => new VisitWorkflow(db, tdb.Notices, new SpotCheckSeeds(), tdb.Clock).ScheduleAsync(command, actor));

    [Fact]
    public async Task Scheduling_again_moves_the_units_visit_and_a_date_asks_the_liaisons_once()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var liaison = await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "舞阳联络员");

        var created = await ScheduleAsync(tdb, new ScheduleVisit("wuyang", 2022, 4), staff);
        var moved = await ScheduleAsync(tdb, new ScheduleVisit("wuyang", 2022, 5, new DateOnly(2022, 5, 10)), staff);

        Assert.Equal((VisitWorkflow.Created, VisitWorkflow.Moved), (created.Detail, moved.Detail));
        Assert.Equal(created.Id, moved.Id);
        var visit = await tdb.WithContextAsync(db => db.Visits.AsNoTracking().SingleAsync());
        Assert.Equal((5, VisitStatus.Scheduled, new DateOnly(2022, 5, 10)), (visit.PlannedMonth, visit.Status, visit.StartDate!.Value));
        Assert.Equal(["visit.schedule", "visit.reschedule"], await tdb.WithContextAsync(db => db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
        var asked = await tdb.WithContextAsync(db => db.DeliveryLedger.AsNoTracking().SingleAsync());
        Assert.Equal((liaison.Id, MaterialsRequestNotice.Name, $"visit:{visit.Id}", "date-20220510"), (asked.PersonId, asked.Kind, asked.Subject, asked.Stage));
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once_and_nothing_is_written()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "舞阳联络员"));

        var refused = await ScheduleAsync(tdb, new ScheduleVisit("nowhere", 2022, 12, new DateOnly(2022, 2, 1), new DateOnly(2022, 1, 1)), staff);
        Assert.Equal(WorkflowStatus.Refused, refused.Status);
        Assert.Equal([(VisitFields.UnitCode, "visit.unit_unknown"), (VisitFields.PlannedMonth, "schedule.chosen_month_after_november"),
            (VisitFields.StartDate, "visit.date_past"), (VisitFields.EndDate, "visit.date_order")],
            refused.Errors.Select(e => (e.Field!, e.Code)));
        Assert.Equal("schedule.chosen_month_passed", (await ScheduleAsync(tdb, new ScheduleVisit("wuyang", 2022, 2), staff)).Error!.Code);
        Assert.Equal("visit.date_month", (await ScheduleAsync(tdb, new ScheduleVisit("wuyang", 2022, 4, new DateOnly(2022, 5, 2)), staff)).Error!.Code);
        Assert.Equal(WorkflowStatus.Forbidden, (await ScheduleAsync(tdb, new ScheduleVisit("wuyang", 2022, 4), liaison)).Status);
        Assert.Equal((0, 0), await tdb.WithContextAsync(async db => (await db.Visits.CountAsync(), await db.AuditLog.CountAsync())));
    }
}
