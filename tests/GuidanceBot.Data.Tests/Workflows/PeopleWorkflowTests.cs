using System.Text.Json;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

/// <summary>People administration as both doors take it (issue 14, point 3): who may, what each step checks, what a hand-over moves.</summary>
public class PeopleWorkflowTests : IAsyncLifetime
{
    private TestDatabase tdb = null!;
    private Person admin = null!, staff = null!, leaving = null!, successor = null!, other = null!;

    public async Task InitializeAsync()
    {
        tdb = await TestDatabase.CreateAsync();
        admin = await tdb.PersonAsync("luohe", PersonRole.CityAdmin, "周管理");
        staff = await tdb.PersonAsync("luohe", PersonRole.CityStaff, "赵科员");
        leaving = await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "王联络");
        successor = await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "王新");
        other = await tdb.PersonAsync("linying", PersonRole.CountyLiaison, "李联络");
        var wuyang = await tdb.UnitAsync("wuyang");
        await tdb.WithContextAsync(async db =>
        {
            db.Assignments.AddRange(
                Item(wuyang.Id, "LetterProblem:1", leaving, closed: false),
                Item(wuyang.Id, "LetterProblem:2", leaving, closed: false),
                Item(wuyang.Id, "LetterProblem:3", leaving, closed: true));
            db.DeliveryLedger.AddRange(Queued(leaving.Id, "a", DeliveryStatus.Pending), Queued(leaving.Id, "b", DeliveryStatus.Sent), Queued(successor.Id, "c", DeliveryStatus.Pending));
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await tdb.DisposeAsync();

    private static AssignmentItem Item(int unitId, string key, Person owner, bool closed) => new()
    {
        UnitId = unitId, Year = 2022, Kind = AssignmentKind.VisitProblem, SubjectKey = key, Title = key, OwnerPersonId = owner.Id, OwnerName = owner.Name,
        AssignedOn = new DateOnly(2022, 5, 1), DueDate = new DateOnly(2022, 6, 1), ClosedOn = closed ? new DateOnly(2022, 5, 20) : null,
    };

    private static DeliveryLedgerEntry Queued(int personId, string subject, DeliveryStatus status) => new()
    {
        IdempotencyKey = $"{personId}|nudge|{subject}|due", PersonId = personId, Kind = "nudge", Subject = subject, Stage = "due", Payload = "{}", Status = status,
    };

    private async Task<WorkflowResult> Run(Func<PeopleWorkflow, Task<WorkflowResult>> step)
    {
        await using var db = tdb.NewContext();
        return await step(new PeopleWorkflow(db, tdb.Clock));
    }

    private Task<Guid> VersionOf(Person p) => tdb.WithContextAsync(db => db.People.Where(x => x.Id == p.Id).Select(x => x.Version).SingleAsync());

    /// <summary>Everything a step may touch, to show a refused step wrote nothing.</summary>
    private Task<string> EverythingAsync() => tdb.WithContextAsync(async db => JsonSerializer.Serialize(new
    {
        People = await db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Role, p.UnitId, p.IsActive, p.PreferredLanguage, p.Version }).ToListAsync(),
        Items = await db.Assignments.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.OwnerPersonId, a.OwnerName }).ToListAsync(),
        Ledger = await db.DeliveryLedger.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.PersonId, e.Status }).ToListAsync(),
        Audit = await db.AuditLog.CountAsync(),
    }));

    [Fact]
    public async Task Deactivating_a_liaison_with_a_successor_moves_their_open_items_cancels_what_was_queued_to_them_and_is_audited_with_the_reason()
    {
        var done = await Run(w => w.DeactivateAsync(new PersonChange(leaving.Id, leaving.Version, "调离岗位", SuccessorId: successor.Id), Actor.From(admin)));

        Assert.True(done.Succeeded, done.Message(Resources.DomainText.Chinese));
        await tdb.WithContextAsync(async db =>
        {
            Assert.False((await db.People.SingleAsync(p => p.Id == leaving.Id)).IsActive);
            var items = await db.Assignments.OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([(successor.Id, "王新"), (successor.Id, "王新"), (leaving.Id, "王联络")], items.Select(a => (a.OwnerPersonId!.Value, a.OwnerName!)));
            var ledger = await db.DeliveryLedger.OrderBy(e => e.Id).Select(e => e.Status).ToListAsync();
            Assert.Equal([DeliveryStatus.Cancelled, DeliveryStatus.Sent, DeliveryStatus.Pending], ledger);
            var entry = await db.AuditLog.SingleAsync();
            Assert.Equal(("person.deactivate", admin.Id, "调离岗位", leaving.Id.ToString()), (entry.Action, entry.ActorPersonId, entry.Reason, entry.EntityId));
            Assert.Contains("2 open items", entry.Details);
            return 0;
        });
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_writes_nothing()
    {
        var before = await EverythingAsync();
        var a = Actor.From(admin);

        var otherUnit = await Run(w => w.HandOverAsync(new PersonChange(leaving.Id, leaving.Version, "交接", SuccessorId: other.Id), a));
        Assert.Equal([("person.successor_unit", "successorId")], otherUnit.Errors.Select(e => (e.Code, e.Field!)));

        var noReason = await Run(w => w.HandOverAsync(new PersonChange(leaving.Id, leaving.Version, "  ", SuccessorId: other.Id), a));
        Assert.Equal(["reason", "successorId"], noReason.Errors.Select(e => e.Field));

        var noSuccessor = await Run(w => w.HandOverAsync(new PersonChange(leaving.Id, leaving.Version, "交接"), a));
        Assert.Equal([("person.successor_required", "successorId")], noSuccessor.Errors.Select(e => (e.Code, e.Field!)));

        var stale = await Run(w => w.DeactivateAsync(new PersonChange(leaving.Id, Guid.NewGuid(), "调离"), a));
        Assert.Equal(WorkflowStatus.Conflict, stale.Status);

        var lastAdmin = await Run(w => w.DeactivateAsync(new PersonChange(admin.Id, admin.Version, "离职"), a));
        Assert.Equal((WorkflowStatus.Refused, "person.last_admin"), (lastAdmin.Status, lastAdmin.Error!.Code));
        var demoted = await Run(w => w.ChangeAsync(new PersonChange(admin.Id, admin.Version, "调整", PersonRole.CityStaff), a));
        Assert.Equal(("person.last_admin", "role"), (demoted.Error!.Code, demoted.Error.Field));

        var byStaff = await Run(w => w.DeactivateAsync(new PersonChange(leaving.Id, leaving.Version, "调离"), Actor.From(staff)));
        Assert.Equal((WorkflowStatus.Forbidden, "auth.admin_only"), (byStaff.Status, byStaff.Error!.Code));

        var mismatch = await Run(w => w.ChangeAsync(new PersonChange(leaving.Id, leaving.Version, "调整", PersonRole.CityStaff), a));
        Assert.Equal([("invite.role_unit", "role")], mismatch.Errors.Select(e => (e.Code, e.Field!)));

        // Moving to another unit with open items of this one needs a successor here.
        var linying = await tdb.UnitAsync("linying");
        var moving = await Run(w => w.ChangeAsync(new PersonChange(leaving.Id, leaving.Version, "调往临颍", UnitId: linying.Id), a));
        Assert.Equal([("person.successor_needed", "successorId")], moving.Errors.Select(e => (e.Code, e.Field!)));

        Assert.Equal(before, await EverythingAsync());
    }

    [Fact]
    public async Task A_deactivated_successor_is_refused_and_a_deactivated_person_is_reactivated_with_a_reason()
    {
        var a = Actor.From(admin);
        Assert.True((await Run(w => w.DeactivateAsync(new PersonChange(successor.Id, successor.Version, "长期病假"), a))).Succeeded);
        var before = await EverythingAsync();

        var refused = await Run(w => w.HandOverAsync(new PersonChange(leaving.Id, leaving.Version, "交接", SuccessorId: successor.Id), a));
        Assert.Equal([("person.successor_inactive", "successorId")], refused.Errors.Select(e => (e.Code, e.Field!)));
        Assert.Equal(before, await EverythingAsync());

        var back = await Run(async w => await w.ReactivateAsync(new PersonChange(successor.Id, await VersionOf(successor), "返岗"), a));
        Assert.True(back.Succeeded);
        await tdb.WithContextAsync(async db =>
        {
            Assert.True((await db.People.SingleAsync(p => p.Id == successor.Id)).IsActive);
            Assert.Equal(["person.deactivate 长期病假", "person.reactivate 返岗"], await db.AuditLog.OrderBy(e => e.Id).Select(e => e.Action + " " + e.Reason).ToListAsync());
            return 0;
        });
    }

    [Fact]
    public async Task A_move_to_another_unit_with_a_successor_hands_the_open_items_over_in_the_same_step()
    {
        var linying = await tdb.UnitAsync("linying");
        var moved = await Run(w => w.ChangeAsync(new PersonChange(leaving.Id, leaving.Version, "调往临颍", UnitId: linying.Id, SuccessorId: successor.Id), Actor.From(admin)));

        Assert.True(moved.Succeeded, moved.Message(Resources.DomainText.Chinese));
        await tdb.WithContextAsync(async db =>
        {
            Assert.Equal(linying.Id, (await db.People.SingleAsync(p => p.Id == leaving.Id)).UnitId);
            Assert.Equal(2, await db.Assignments.CountAsync(a => a.OwnerPersonId == successor.Id));
            Assert.Equal("person.change", (await db.AuditLog.SingleAsync()).Action);
            return 0;
        });
    }

    [Fact]
    public async Task A_person_sets_their_own_language_once_audited_and_an_unknown_language_is_a_field_error()
    {
        var me = Actor.From(leaving);
        var unknown = await Run(w => w.SetLanguageAsync(me, "français"));
        Assert.Equal([("person.language_unknown", "language")], unknown.Errors.Select(e => (e.Code, e.Field!)));

        Assert.Equal("en-US", (await Run(w => w.SetLanguageAsync(me, "English"))).Detail);
        Assert.Equal("en-US", (await Run(w => w.SetLanguageAsync(me, "en"))).Detail);
        Assert.Equal("zh-CN", (await Run(w => w.SetLanguageAsync(me, "中文"))).Detail);
        await tdb.WithContextAsync(async db =>
        {
            Assert.Equal("zh-CN", (await db.People.SingleAsync(p => p.Id == leaving.Id)).PreferredLanguage);
            Assert.Equal(["- → en-US", "en-US → zh-CN"], await db.AuditLog.Where(e => e.Action == "person.language").OrderBy(e => e.Id).Select(e => e.Details!).ToListAsync());
            return 0;
        });
    }
}
