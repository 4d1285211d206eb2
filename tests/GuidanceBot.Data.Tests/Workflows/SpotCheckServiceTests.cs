using GuidanceBot.Testing.Fakes;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

public class SpotCheckServiceTests
{
    [Fact]
    public async Task Draws_from_the_planned_enterprises_stores_the_draw_and_replays_it()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var planned = new[]
        {
            await tdb.EnterpriseAsync("wuyang", "甲", "91411121MA3X5K7P3T", EnterpriseTier.Key),
            await tdb.EnterpriseAsync("wuyang", "乙", "914403001922038216", EnterpriseTier.General),
            await tdb.EnterpriseAsync("wuyang", "丙", "91440300708461136T", EnterpriseTier.General),
        };
        var notPlanned = await tdb.EnterpriseAsync("wuyang", "丁", "91110108551385082Q", EnterpriseTier.General);
        await tdb.PlanAsync("wuyang", p => p.Entries =
            [.. planned.Select(e => new Plans.PlanEntry { EnterpriseId = e.Id, Planned = true }), new() { EnterpriseId = notPlanned.Id, Planned = false }]);
        var visit = await NewVisitAsync(tdb, "wuyang");

        WorkflowResult result;
        await using (var db = tdb.NewContext())
        {
            result = await Workflow(db, tdb).DrawAsync(visit.Id, visit.Version, 2, staff);
        }

        Assert.True(result.Succeeded, result.Error?.Message);
        var draw = await tdb.WithContextAsync(db => db.SpotCheckDraws.Include(d => d.Enterprises).SingleAsync());
        Assert.Equal(2, draw.Count);
        Assert.Equal(string.Join(",", planned.Select(e => e.Id).Order()), draw.CandidateIds);
        Assert.All(draw.Enterprises, e => Assert.Contains(e.EnterpriseId, planned.Select(p => p.Id)));
        Assert.Equal(result.Detail, string.Join(",", draw.Enterprises.OrderBy(e => e.Order).Select(e => e.EnterpriseId)));

        await using (var db = tdb.NewContext())
        {
            Assert.True((await new SpotCheckService(db).ReplayAsync(visit.Id))!.Matches);
            var again = await Workflow(db, tdb).DrawAsync(visit.Id, result.Version!.Value, 1, staff);
            Assert.Equal("draw.exists", again.Error!.Code);
        }

        var audit = await tdb.WithContextAsync(db => db.AuditLog.SingleAsync());
        Assert.Equal("visit.draw", audit.Action);
        // The audit trail reaches the unit (its dossier): neither the seed nor the enterprises chosen are in it, only the draw's row holds them.
        Assert.Equal("count=2;candidates=3;algorithm=splitmix64-fisher-yates-v1", audit.Details);
        Assert.DoesNotContain(draw.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.Details);

        await using (var db = tdb.NewContext())
        {
            // The replay data a dossier writer or the API reads: seed, candidates, the enterprises in draw order, the replay's verdict.
            var record = (await new SpotCheckService(db).LoadAsync(visit.Id))!;
            Assert.Equal((draw.Seed, 2), (record.Seed, record.Count));
            Assert.Equal(planned.Select(e => e.Id).Order(), record.CandidateIds);
            Assert.Equal(result.Detail, string.Join(",", record.Chosen.Select(c => c.EnterpriseId)));
            Assert.All(record.Chosen, c => Assert.Contains(c.Name, new[] { "甲", "乙", "丙" }));
            Assert.True(record.Replay.Matches);
        }
    }

    [Fact]
    public async Task A_plan_filed_as_counts_only_cannot_be_drawn_from_and_the_refusal_asks_for_the_list()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        await tdb.PlanAsync("wuyang", p => p.Categories = [new() { CategoryCode = EnterpriseCategoryCodes.IndustryTrade, KeyTotal = 3, KeyPlanned = 3, GeneralTotal = 9, GeneralPlanned = 3 }]);
        var visit = await NewVisitAsync(tdb, "wuyang");

        await using var db = tdb.NewContext();
        var result = await Workflow(db, tdb).DrawAsync(visit.Id, visit.Version, 1, staff);

        Assert.Equal(WorkflowStatus.Refused, result.Status);
        Assert.Equal("draw.list_required", result.Error!.Code);
        Assert.Contains("企业名单", result.Error.Message);
        Assert.Empty(await db.SpotCheckDraws.ToListAsync());
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task A_unit_without_planned_enterprises_cannot_be_drawn_from()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var visit = await NewVisitAsync(tdb, "linying");

        await using var db = tdb.NewContext();
        var result = await Workflow(db, tdb).DrawAsync(visit.Id, visit.Version, 1, staff);

        Assert.Equal(WorkflowStatus.Refused, result.Status);
        Assert.Equal("该单位本年度计划中没有列入检查的企业，无法抽查。", result.Error!.Message);
        Assert.Empty(await db.SpotCheckDraws.ToListAsync());
    }

    private static VisitWorkflow Workflow(GuidanceDbContext db, TestDatabase tdb) =>
        new(db, new LedgerNoticeOutbox(tdb.Clock), new SpotCheckSeeds(), tdb.Clock);

    private static async Task<GuidanceVisit> NewVisitAsync(TestDatabase tdb, string unitCode)
    {
        var unit = await tdb.UnitAsync(unitCode);
        return await tdb.WithContextAsync(async db =>
        {
            var visit = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = 3 };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            return visit;
        });
    }
}
