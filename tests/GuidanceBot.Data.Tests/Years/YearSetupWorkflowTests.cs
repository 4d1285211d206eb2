using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Years;

/// <summary>The year's setup on a real migrated SQLite file with the shipped 2022–2026 calendars: open, edit, version, publish.</summary>
public class YearSetupWorkflowTests : IAsyncLifetime
{
    private TestDatabase tdb = null!;
    private Actor admin = null!;

    public async Task InitializeAsync()
    {
        tdb = await TestDatabase.CreateAsync();
        admin = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityAdmin, "管理员"));
    }

    public async Task DisposeAsync() => await tdb.DisposeAsync();

    private Task<T> With<T>(Func<YearSetupWorkflow, GuidanceDbContext, Task<T>> step) =>
        tdb.WithContextAsync(db => step(new YearSetupWorkflow(db, tdb.Calendar, tdb.Clock), db));

    private Task<YearSetup> SetupAsync(int year) => tdb.WithContextAsync(db => db.YearSetups.AsNoTracking().SingleAsync(s => s.Year == year));

    private Task<List<AuditEntry>> AuditAsync() => tdb.WithContextAsync(db => db.AuditLog.AsNoTracking().Where(a => a.EntityType == nameof(YearSetup)).ToListAsync());

    private Task<List<CheckItem>> ItemsAsync(int templateId) => tdb.WithContextAsync(db => db.ItemsOf(templateId).AsNoTracking().OrderBy(i => i.Code).ToListAsync());

    private static TemplateItemDocument Edited(CheckItem i, string title) =>
        new(i.Code, title, i.TitleEn, i.Criteria, i.Materials, i.MaterialsEn, i.MaterialSources, i.CityAssessment);

    [Theory]
    // The month's last working day stays the last: 31 Mar 2022 (Thu) → 31 Mar 2023 (Fri); 29 Apr 2022 (30 Apr is in the 劳动节 break) → Fri 28 Apr 2023.
    [InlineData("2022-03-31", 2023, "2023-03-31")]
    [InlineData("2022-04-29", 2023, "2023-04-28")]
    [InlineData("2022-11-30", 2023, "2023-11-30")]
    // Otherwise the same ordinal: the 1st working day of March; the 1st of October 2022 is the make-up Saturday 8 Oct, in 2023 the make-up Saturday 7 Oct.
    [InlineData("2022-03-01", 2023, "2023-03-01")]
    [InlineData("2022-10-08", 2023, "2023-10-07")]
    // The 5th working day of February 2026 (Fri 6 Feb) → 2027 (no calendar yet: weekends only) Fri 5 Feb.
    [InlineData("2026-02-06", 2027, "2027-02-05")]
    public void The_same_working_day_keeps_the_ordinal_in_the_month_and_the_last_stays_last(string from, int toYear, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), SameWorkingDay.Move(DateOnly.Parse(from), toYear, tdb.Calendar));
    }

    [Fact]
    public async Task Opening_a_year_copies_the_latest_before_it_as_a_draft_with_each_deadline_on_the_same_working_day()
    {
        var result = await With((w, _) => w.OpenAsync(2023, admin));

        Assert.True(result.Succeeded, result.Message(admin.Language));
        var setup = await SetupAsync(2023);
        var before = await SetupAsync(2022);
        Assert.Equal(YearSetupStatus.Draft, setup.Status);
        Assert.Equal([new(2023, 3, 31), new(2023, 3, 31), new(2023, 4, 28), new(2023, 11, 30)],
            new[] { setup.PlanFilingDue, setup.ApprovalFilingDue, setup.PublicationDue, setup.VisitsDoneBy });
        Assert.Equal((5, 10, 20), (setup.ProgressWorkingDay, setup.LetterDueWorkingDays, setup.RectificationWorkingDays));
        Assert.Equal(before.UnitIds, setup.UnitIds);
        Assert.Equal(6, setup.UnitIds.Count);
        var template = await tdb.WithContextAsync(db => db.CheckTemplates.AsNoTracking().SingleAsync(t => t.Id == setup.CheckTemplateId));
        Assert.Equal((2023, 1, "2023年度安全生产执法指导检查内容"), (template.Year, template.Revision, template.Title));
        Assert.Equal((await ItemsAsync(before.CheckTemplateId)).Select(i => (i.Code, i.Title, string.Join("|", i.Materials))),
            (await ItemsAsync(setup.CheckTemplateId)).Select(i => (i.Code, i.Title, string.Join("|", i.Materials))));
        Assert.Equal(YearSetupWorkflow.OpenAction, Assert.Single(await AuditAsync()).Action);
    }

    [Fact]
    public async Task Bad_input_names_each_field_and_writes_nothing()
    {
        await With((w, _) => w.OpenAsync(2023, admin));
        var setup = await SetupAsync(2023);
        var audits = (await AuditAsync()).Count;

        // Opening a year that exists; a year before any setup; not the admin.
        var exists = await With((w, _) => w.OpenAsync(2022, admin));
        Assert.Equal((WorkflowStatus.Refused, "setup.exists", "year"), (exists.Status, exists.Error!.Code, exists.Error.Field));
        Assert.Equal("setup.no_source", (await With((w, _) => w.OpenAsync(2021, admin))).Error!.Code);
        var staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        Assert.Equal(WorkflowStatus.Forbidden, (await With((w, _) => w.OpenAsync(2024, staff))).Status);

        // A deadline that is not a working day (Sat 1 Apr 2023; the next is Mon 3 Apr), one outside the year, a number out of range: each named.
        var bad = await With((w, _) => w.UpdateAsync(2023, new YearSettings(PlanFilingDue: new DateOnly(2023, 4, 1), PublicationDue: new DateOnly(2024, 4, 1),
            ProgressWorkingDay: 0), setup.Version, admin));
        Assert.Equal(WorkflowStatus.Refused, bad.Status);
        Assert.Equal([("planFilingDue", "setup.deadline_not_working_day"), ("publicationDue", "setup.deadline_year"), ("progressWorkingDay", "setup.number_range")],
            bad.Errors.Select(e => (e.Field!, e.Code)));
        Assert.Contains("2023-04-03", bad.Errors[0].Message);

        // A template with two items of one code.
        var template = await tdb.WithContextAsync(db => db.CheckTemplates.AsNoTracking().Include(t => t.Areas).ThenInclude(a => a.Items).SingleAsync(t => t.Id == setup.CheckTemplateId));
        var doc = CheckTemplates.ToDocument(template);
        var twice = doc with { Areas = [doc.Areas![0]! with { Items = [doc.Areas[0]!.Items![0], doc.Areas[0]!.Items![0]] }, .. doc.Areas.Skip(1)] };
        var duplicate = await With((w, _) => w.ImportTemplateAsync(2023, twice, setup.Version, admin));
        Assert.Equal(("areas[0].items[1].code", "setup.duplicate_code"), (duplicate.Error!.Field, duplicate.Error.Code));
        // An item edited to another item's code.
        var items = await ItemsAsync(setup.CheckTemplateId);
        var clash = await With((w, _) => w.EditItemAsync(2023, "1.1", Edited(items[0], "x") with { Code = "1.2" }, setup.Version, admin));
        Assert.Equal(("code", "setup.duplicate_code"), (clash.Error!.Field, clash.Error.Code));

        // Publishing an incomplete setup: a deadline missing, one no longer a working day (the calendar changed) — each named.
        await tdb.WithContextAsync(db => db.YearSetups.Where(s => s.Year == 2023)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.PublicationDue, (DateOnly?)null).SetProperty(s => s.VisitsDoneBy, new DateOnly(2023, 12, 2))));
        setup = await SetupAsync(2023);
        var incomplete = await With((w, _) => w.PublishAsync(2023, setup.Version, admin));
        Assert.Equal([("publicationDue", "setup.required_to_publish"), ("visitsDoneBy", "setup.deadline_not_working_day")], incomplete.Errors.Select(e => (e.Field!, e.Code)));

        var after = await SetupAsync(2023);
        Assert.Equal((setup.Version, YearSetupStatus.Draft, setup.PlanFilingDue, setup.CheckTemplateId), (after.Version, after.Status, after.PlanFilingDue, after.CheckTemplateId));
        Assert.Equal(items.Select(i => i.Title), (await ItemsAsync(after.CheckTemplateId)).Select(i => i.Title));
        Assert.Equal(1, await tdb.WithContextAsync(db => db.CheckTemplates.CountAsync(t => t.Year == 2023)));
        Assert.Equal(audits, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task The_counties_in_scope_are_given_by_code_none_or_one_that_is_no_county_in_use_is_refused_and_nothing_is_written()
    {
        await With((w, _) => w.OpenAsync(2023, admin));
        var setup = await SetupAsync(2023);
        var audits = (await AuditAsync()).Count;

        foreach (var (codes, code, named) in new (string?[], string, string?)[]
        {
            ([], "setup.units", null),
            (["wuyang", "nowhere"], "setup.unknown_unit", "nowhere"),
            (["luohe"], "setup.unknown_unit", "luohe"), // the city bureau is no county
            (["wuyang", null], "setup.unknown_unit", null),
        })
        {
            var refused = await With((w, _) => w.UpdateAsync(2023, new YearSettings(UnitCodes: codes), setup.Version, admin));
            Assert.Equal((WorkflowStatus.Refused, code, "unitCodes"), (refused.Status, refused.Error!.Code, refused.Error.Field));
            if (named is not null)
            {
                Assert.Contains(named, refused.Error.Message);
            }
        }
        Assert.Equal(setup.UnitIds, (await SetupAsync(2023)).UnitIds);
        Assert.Equal(setup.Version, (await SetupAsync(2023)).Version);
        Assert.Equal(audits, (await AuditAsync()).Count);

        var done = await With((w, _) => w.UpdateAsync(2023, new YearSettings(UnitCodes: ["linying", "wuyang", "wuyang"]), setup.Version, admin));
        Assert.True(done.Succeeded);
        var ids = await tdb.WithContextAsync(db => db.Units.Where(u => u.Code == "wuyang" || u.Code == "linying").Select(u => u.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(ids, (await SetupAsync(2023)).UnitIds);
    }

    [Fact]
    public async Task A_template_version_a_visit_used_is_never_changed_in_place_the_edit_makes_the_next_version()
    {
        await With((w, _) => w.OpenAsync(2023, admin));
        var setup = await SetupAsync(2023);
        var first = setup.CheckTemplateId;

        // Not used yet: edited in place.
        var item = (await ItemsAsync(first)).First(i => i.Code == "1.1");
        var edit = await With((w, _) => w.EditItemAsync(2023, "1.1", Edited(item, "编制年度监督检查计划情况（2023）"), setup.Version, admin));
        Assert.True(edit.Succeeded, edit.Message(admin.Language));
        Assert.Equal(first, (await SetupAsync(2023)).CheckTemplateId);

        // A visit of 2023 planned through the workflow is pinned to the current version.
        var visitId = (await tdb.WithContextAsync(db => new VisitWorkflow(db, tdb.Notices, new SpotCheckSeeds(), tdb.Clock)
            .ScheduleAsync(new ScheduleVisit("wuyang", 2023, 6), admin))).Id!.Value;
        Assert.Equal(first, await tdb.WithContextAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.CheckTemplateId).SingleAsync()));

        // Now used: the edit goes into version 2; the visit keeps version 1 and reads its items.
        item = (await ItemsAsync(first)).First(i => i.Code == "1.1");
        var seen = (await SetupAsync(2023)).Version;
        var again = await With((w, _) => w.EditItemAsync(2023, "1.1", Edited(item, "年度计划（第二版）"), seen, admin));
        Assert.True(again.Succeeded, again.Message(admin.Language));
        var second = (await SetupAsync(2023)).CheckTemplateId;
        Assert.NotEqual(first, second);
        Assert.Equal(2, await tdb.WithContextAsync(db => db.CheckTemplates.Where(t => t.Id == second).Select(t => t.Revision).SingleAsync()));
        Assert.Equal("编制年度监督检查计划情况（2023）", (await ItemsAsync(first)).First(i => i.Code == "1.1").Title);
        Assert.Equal("年度计划（第二版）", (await ItemsAsync(second)).First(i => i.Code == "1.1").Title);
        Assert.Equal("编制年度监督检查计划情况（2023）", await tdb.WithContextAsync(db => db.ItemsOfVisit(visitId).Where(i => i.Code == "1.1").Select(i => i.Title).SingleAsync()));
        Assert.Equal("年度计划（第二版）", await tdb.WithContextAsync(db => db.ItemsOfYear(2023).Where(i => i.Code == "1.1").Select(i => i.Title).SingleAsync()));

        // Version 2 is not used: edited in place.
        seen = (await SetupAsync(2023)).Version;
        var third = await With((w, _) => w.EditItemAsync(2023, "1.1", Edited(item, "年度计划"), seen, admin));
        Assert.True(third.Succeeded);
        Assert.Equal(second, (await SetupAsync(2023)).CheckTemplateId);
        Assert.Equal([YearSetupWorkflow.OpenAction, YearSetupWorkflow.ItemAction, YearSetupWorkflow.ItemAction, YearSetupWorkflow.ItemAction],
            (await AuditAsync()).Select(a => a.Action));
    }

    [Fact]
    public async Task A_complete_setup_publishes_and_visits_planned_before_take_its_template()
    {
        // A visit planned for 2023 before the year had a setup: no template; opening the year pins it.
        var visitId = (await tdb.WithContextAsync(db => new VisitWorkflow(db, tdb.Notices, new SpotCheckSeeds(), tdb.Clock)
            .ScheduleAsync(new ScheduleVisit("wuyang", 2023, 6), admin))).Id!.Value;
        Assert.Null(await tdb.WithContextAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.CheckTemplateId).SingleAsync()));

        await With((w, _) => w.OpenAsync(2023, admin));
        var setup = await SetupAsync(2023);
        Assert.Equal(setup.CheckTemplateId, await tdb.WithContextAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.CheckTemplateId).SingleAsync()));

        var published = await With((w, _) => w.PublishAsync(2023, setup.Version, admin));
        Assert.True(published.Succeeded, published.Message(admin.Language));
        setup = await SetupAsync(2023);
        Assert.Equal(YearSetupStatus.Published, setup.Status);
        Assert.NotNull(setup.PublishedUtc);
        Assert.Equal("setup.already_published", (await With((w, _) => w.PublishAsync(2023, setup.Version, admin))).Error!.Code);
    }
}
