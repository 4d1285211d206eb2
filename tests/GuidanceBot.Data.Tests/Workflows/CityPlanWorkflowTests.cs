using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

/// <summary>
/// The city plan's list replaced through the chat's offer (<see cref="CityPlanWorkflow.OfferReplacementAsync"/>,
/// <see cref="CityPlanWorkflow.ConfirmReplacementAsync"/>), on a real migrated database: the sent list waits as its sender's draft,
/// replaces only with that sender's current draft and the plan's version seen, and nothing is written otherwise.
/// </summary>
public class CityPlanWorkflowTests
{
    private static EnterpriseListRow Row(int n, bool planned = true) =>
        new(n, $"市直企业{n}", TestCodes.Valid(9000 + n), EnterpriseCategoryCodes.IndustryTrade, EnterpriseTier.Key, planned);

    private static CityPlanWorkflow Workflow(TestDatabase tdb, GuidanceDbContext db) => new(db, tdb.Notices, tdb.Clock);

    private static Task<(Guid Version, string Names, int Drafts, int Audit)> StateAsync(TestDatabase tdb) => tdb.WithContextAsync(async db =>
    {
        var plan = await db.AnnualPlans.AsNoTracking().Include(p => p.Entries).ThenInclude(e => e.Enterprise).SingleAsync(p => p.Unit!.Code == "luohe");
        return (plan.Version, string.Join(",", plan.Entries.Select(e => e.Enterprise!.Name).Order()), await db.CityPlanListDrafts.CountAsync(), await db.AuditLog.CountAsync());
    });

    [Fact]
    public async Task A_sent_list_replaces_the_plan_only_as_its_senders_current_draft_with_the_version_seen()
    {
        await using var tdb = await TestDatabase.CreateAsync();
        var zhao = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "赵科员"));
        var wang = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
        var liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "王联络"));

        // No plan yet: nothing to offer against.
        var (none, _) = await tdb.WithContextAsync(db => Workflow(tdb, db).OfferReplacementAsync(2022, [Row(1)], "a.csv", zhao));
        Assert.Equal(WorkflowStatus.NotFound, none.Status);
        Assert.Equal(0, await tdb.WithContextAsync(db => db.CityPlanListDrafts.CountAsync()));

        Assert.True((await tdb.WithContextAsync(db => Workflow(tdb, db).FileAsync(2022, [Row(1), Row(2)], "a.csv", null, wang))).Succeeded);
        var filed = await StateAsync(tdb);

        // 赵 sends a list: the offer says what it changes; the plan stays, the list waits.
        var (offered, first) = await tdb.WithContextAsync(db => Workflow(tdb, db).OfferReplacementAsync(2022, [Row(2), Row(3), Row(4, planned: false)], "b.csv", zhao));
        Assert.True(offered.Succeeded);
        Assert.Equal((2, "王科长", 3, 2, 1, filed.Version), (first!.Enterprises, first.FiledBy, first.ListEnterprises, first.Added, first.Removed, first.PlanVersion));
        Assert.Equal(filed with { Drafts = 1 }, await StateAsync(tdb));

        // Nobody but 赵 can use 赵's list; a county person cannot offer or confirm at all.
        Assert.Equal(WorkflowStatus.Conflict, (await tdb.WithContextAsync(db => Workflow(tdb, db).ConfirmReplacementAsync(2022, first.DraftId, first.PlanVersion, wang))).Status);
        Assert.Equal(WorkflowStatus.Forbidden, (await tdb.WithContextAsync(db => Workflow(tdb, db).ConfirmReplacementAsync(2022, first.DraftId, first.PlanVersion, liaison))).Status);
        Assert.Equal(WorkflowStatus.Forbidden, (await tdb.WithContextAsync(db => Workflow(tdb, db).OfferReplacementAsync(2022, [Row(5)], "c.csv", liaison))).Result.Status);
        Assert.Equal(filed with { Drafts = 1 }, await StateAsync(tdb));

        // A newer list takes the first one's place: the first offer is stale; so is the newer one with an older version.
        var (_, second) = await tdb.WithContextAsync(db => Workflow(tdb, db).OfferReplacementAsync(2022, [Row(2), Row(3)], "c.csv", zhao));
        Assert.Equal(filed with { Drafts = 1 }, await StateAsync(tdb));
        Assert.Equal(WorkflowStatus.Conflict, (await tdb.WithContextAsync(db => Workflow(tdb, db).ConfirmReplacementAsync(2022, first.DraftId, first.PlanVersion, zhao))).Status);
        Assert.Equal(WorkflowStatus.Conflict, (await tdb.WithContextAsync(db => Workflow(tdb, db).ConfirmReplacementAsync(2022, second!.DraftId, Guid.NewGuid(), zhao))).Status);
        Assert.Equal(filed with { Drafts = 1 }, await StateAsync(tdb));

        // Confirmed: the list is the plan's, the draft is gone, the step audited as the API's replacement; once only.
        var done = await tdb.WithContextAsync(db => Workflow(tdb, db).ConfirmReplacementAsync(2022, second!.DraftId, second.PlanVersion, zhao));
        Assert.True(done.Succeeded, done.Error?.Message);
        var replaced = await StateAsync(tdb);
        Assert.Equal(("市直企业2,市直企业3", 0), (replaced.Names, replaced.Drafts));
        Assert.NotEqual(filed.Version, replaced.Version);
        Assert.Equal(CityPlanWorkflow.ReplaceAction, await tdb.WithContextAsync(db => db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).LastAsync()));
        Assert.Equal(WorkflowStatus.Conflict, (await tdb.WithContextAsync(db => Workflow(tdb, db).ConfirmReplacementAsync(2022, second!.DraftId, replaced.Version, zhao))).Status);
        Assert.Equal(replaced, await StateAsync(tdb));
    }
}
