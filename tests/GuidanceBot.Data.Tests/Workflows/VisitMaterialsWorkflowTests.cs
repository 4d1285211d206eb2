using GuidanceBot.Testing.Fakes;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

/// <summary>The materials step and the "already on file" rule, on a real migrated SQLite file.</summary>
public class VisitMaterialsWorkflowTests
{
    private static async Task<GuidanceVisit> VisitAsync(TestDatabase tdb, string unitCode, VisitStatus status = VisitStatus.Scheduled)
    {
        var unit = await tdb.UnitAsync(unitCode);
        return await tdb.WithContextAsync(async db =>
        {
            var visit = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = 3, StartDate = new DateOnly(2022, 3, 15), Status = status };
            db.Visits.Add(visit);
            await db.SaveChangesAsync();
            return visit;
        });
    }

    private static Task<VisitMaterials> LoadAsync(TestDatabase tdb, int id) => tdb.WithContextAsync(async db => (await new VisitMaterialsQuery(db).LoadAsync(id))!);

    [Fact]
    public async Task What_the_bureau_already_holds_is_ticked_and_only_that()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var visit = await VisitAsync(tdb, "wuyang");
        var unit = await tdb.UnitAsync("wuyang");
        Assert.Equal(16, (await LoadAsync(tdb, visit.Id)).Missing);

        // A plan still in draft, a returned approval: nothing on file yet.
        var e = await tdb.EnterpriseAsync("wuyang", "甲", "91411121MA3X5K7P3T", EnterpriseTier.Key);
        await tdb.PlanAsync("wuyang", p => p.Entries = [new PlanEntry { EnterpriseId = e.Id, Planned = true }]);
        await tdb.WithContextAsync(async db =>
        {
            db.PlanApprovals.Add(new PlanApproval { UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Returned, ApprovalDocumentNumber = "1" });
            db.TeamFigures.Add(new TeamFiguresReport { UnitId = unit.Id, ReportedUtc = new DateTime(2021, 12, 1, 0, 0, 0, DateTimeKind.Utc), ApprovedPosts = 5, StaffOnPost = 5 });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(16, (await LoadAsync(tdb, visit.Id)).Missing);

        // The plan filed with its list, the approval accepted (approval document only), this year's figures and training.
        await tdb.WithContextAsync(async db =>
        {
            (await db.AnnualPlans.SingleAsync()).Status = SubmissionStatus.Submitted;
            var approval = await db.PlanApprovals.SingleAsync();
            approval.Status = SubmissionStatus.Accepted;
            db.TeamFigures.Add(new TeamFiguresReport { UnitId = unit.Id, ReportedUtc = new DateTime(2022, 2, 1, 0, 0, 0, DateTimeKind.Utc), ApprovedPosts = 5, StaffOnPost = 5 });
            db.TrainingSessions.Add(new TrainingSession { UnitId = unit.Id, HeldOn = new DateOnly(2022, 2, 20), Topic = "执法文书", Hours = 4, Participants = 12, ReportedUtc = tdb.Clock.GetUtcNow().UtcDateTime });
            return await db.SaveChangesAsync();
        });
        var vm = await LoadAsync(tdb, visit.Id);
        var onFile = vm.Items.SelectMany(i => i.Materials.Where(m => m.State == MaterialState.OnFile).Select(m => $"{i.Code}#{m.Index}")).ToList();
        Assert.Equal(["1.1#0", "1.1#1", "1.2#0", "2.1#1", "2.2#0", "2.3#1"], onFile);
        Assert.Equal(10, vm.Missing);
    }

    [Fact]
    public async Task Links_and_files_are_provided_by_the_units_liaison_only_and_bad_input_writes_nothing()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var visit = await VisitAsync(tdb, "wuyang");
        var liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "舞阳联络员"), DomainText.English);
        var other = Actor.From(await tdb.PersonAsync("linying", PersonRole.CountyLiaison, "临颍联络员"));
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var otherFile = await tdb.WithContextAsync(async db =>
        {
            var f = new StoredFile { Id = Guid.NewGuid(), UnitId = other.UnitId, FileName = "x.pdf", ContentType = "application/pdf", Sha256 = "00" };
            db.Files.Add(f);
            await db.SaveChangesAsync();
            return f.Id;
        });

        async Task<WorkflowResult> Provide(Actor who, params MaterialProvision[] items) =>
            await tdb.WithContextAsync(db => new VisitMaterialsWorkflow(db, tdb.Clock).ProvideAsync(visit.Id, visit.Version, items, who));

        var link = new MaterialProvision("3.2", 0, null, "https://gov.example.test/manual.pdf", "a");
        Assert.Equal("auth.own_unit_only", (await Provide(other, link)).Error!.Code);
        Assert.Equal("auth.county_only", (await Provide(staff, link)).Error!.Code);
        var bad = await Provide(liaison, link, new MaterialProvision("3.2", 1, null, "file:///c:/secret", "b"));
        Assert.Equal(("materials.link_invalid", "b"), (bad.Error!.Code, bad.Error.Field));
        Assert.Contains("Sample files of enforcement documents", bad.Error.Message);
        Assert.Equal("materials.unknown_material", (await Provide(liaison, new MaterialProvision("3.2", 2, null, "https://a.test/", "c"))).Error!.Code);
        Assert.Equal("materials.unknown_material", (await Provide(liaison, new MaterialProvision("1.4", 0, null, "https://a.test/", "c"))).Error!.Code);
        Assert.Equal("materials.file_unknown", (await Provide(liaison, new MaterialProvision("3.3", 0, otherFile, null, "d"))).Error!.Code);
        Assert.Equal("materials.file_or_link", (await Provide(liaison, new MaterialProvision("3.3", 0, null, null, "e"))).Error!.Code);
        Assert.Equal(0, await tdb.WithContextAsync(db => db.VisitMaterials.CountAsync()));
        Assert.Equal(0, await tdb.WithContextAsync(db => db.AuditLog.CountAsync()));

        var done = await Provide(liaison, link);
        Assert.True(done.Succeeded);
        Assert.NotEqual(visit.Version, done.Version);
        Assert.Equal(WorkflowStatus.Conflict, (await Provide(liaison, link)).Status); // the old version
        var audit = await tdb.WithContextAsync(db => db.AuditLog.SingleAsync());
        Assert.Equal(("visit.materials", liaison.PersonId), (audit.Action, audit.ActorPersonId));
    }

    [Fact]
    public async Task File_rules_and_visit_dates()
    {
        Assert.Null(MaterialFileRules.Check("名册.XLSX", 1000, DomainText.Chinese));
        Assert.Equal("materials.file_type", MaterialFileRules.Check("setup.exe", 1000, DomainText.Chinese)!.Code);
        Assert.Equal(("materials.file_too_large", "file"), (MaterialFileRules.Check("a.pdf", MaterialFileRules.MaxBytes + 1, DomainText.Chinese)!.Code, MaterialFileRules.Check("a.pdf", MaterialFileRules.MaxBytes + 1, DomainText.Chinese)!.Field));
        Assert.Null(MaterialFileRules.CheckUrl("http://gov.example.test/a", "x", DomainText.Chinese, "f"));
        Assert.NotNull(MaterialFileRules.CheckUrl("gov.example.test/a", "x", DomainText.Chinese, "f"));
        Assert.NotNull(MaterialFileRules.CheckUrl("https://" + new string('a', 2000), "x", DomainText.Chinese, "f"));

        await using var tdb = await TestDatabase.CreateAsync();
        var visit = await VisitAsync(tdb, "wuyang", VisitStatus.Planned);
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "舞阳联络员"));
        async Task<WorkflowResult> Set(Actor who, DateOnly? start, DateOnly? end = null) =>
            await tdb.WithContextAsync(db => new VisitWorkflow(db, new LedgerNoticeOutbox(tdb.Clock), new SpotCheckSeeds(), tdb.Clock).SetDatesAsync(visit.Id, visit.Version, start, end, who));

        Assert.Equal("auth.city_only", (await Set(liaison, new(2022, 3, 20))).Error!.Code);
        Assert.Equal(("visit.date_past", "startDate"), ((await Set(staff, new(2022, 2, 28))).Error!.Code, (await Set(staff, new(2022, 2, 28))).Error!.Field));
        Assert.Equal("visit.date_year", (await Set(staff, new(2023, 3, 1))).Error!.Code);
        Assert.Equal("visit.date_order", (await Set(staff, new(2022, 3, 20), new(2022, 3, 19))).Error!.Code);
        Assert.Equal("visit.date_required", (await Set(staff, null)).Error!.Code);
        Assert.True((await Set(staff, new(2022, 4, 20))).Succeeded);
        var saved = await tdb.WithContextAsync(db => db.Visits.AsNoTracking().SingleAsync());
        Assert.Equal((new DateOnly(2022, 4, 20), new DateOnly(2022, 4, 20), 4, VisitStatus.Scheduled), (saved.StartDate!.Value, saved.EndDate!.Value, saved.PlannedMonth, saved.Status));
    }
}
