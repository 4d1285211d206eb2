using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tests.Workflows;

public class SubmissionWorkflowTests : IAsyncLifetime
{
    private TestDatabase tdb = null!;
    private Actor liaison = null!;
    private Actor staff = null!;

    public async Task InitializeAsync()
    {
        tdb = await TestDatabase.CreateAsync();
        liaison = Actor.From(await tdb.PersonAsync("wuyang", PersonRole.CountyLiaison, "张联络员"));
        staff = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityStaff, "王科长"));
    }

    public async Task DisposeAsync() => await tdb.DisposeAsync();

    private Task<AnnualPlan> MetPlanAsync() => tdb.PlanAsync("wuyang", p => p.Categories =
    [
        new() { CategoryCode = EnterpriseCategoryCodes.IndustryTrade, KeyTotal = 2, KeyPlanned = 2, GeneralTotal = 30, GeneralPlanned = 10 },
    ]);

    private async Task<T> Step<T>(Func<SubmissionWorkflow, Task<T>> step)
    {
        await using var db = tdb.NewContext();
        return await step(tdb.Submissions(db));
    }

    private Task<AnnualPlan> Reload(int id) => tdb.WithContextAsync(db => db.AnnualPlans.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task The_whole_cycle_submit_return_resubmit_accept_writes_one_audit_entry_per_step()
    {
        var plan = await MetPlanAsync();

        var submitted = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));
        Assert.Equal(WorkflowStatus.Done, submitted.Status);
        Assert.NotEqual(plan.Version, submitted.Version);

        var returned = await Step(w => w.ReturnAsync<AnnualPlan>(plan.Id, submitted.Version!.Value, "  缺少企业名单  ", staff));
        var resubmitted = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, returned.Version!.Value, liaison));
        var accepted = await Step(w => w.AcceptAsync<AnnualPlan>(plan.Id, resubmitted.Version!.Value, staff));
        Assert.True(accepted.Succeeded);

        var stored = await Reload(plan.Id);
        Assert.Equal(SubmissionStatus.Accepted, stored.Status);
        Assert.Equal(1, stored.ReturnCount);
        Assert.Equal(staff.PersonId, stored.ReviewedById);
        Assert.Equal(accepted.Version, stored.Version);

        var audit = await tdb.WithContextAsync(db => db.AuditLog.OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["plan.submit", "plan.return", "plan.resubmit", "plan.accept"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(plan.UnitId, a.UnitId));
        Assert.Equal("缺少企业名单", audit[1].Reason);
        Assert.Equal("王科长", audit[1].ActorName);
        Assert.Equal(tdb.Clock.GetUtcNow().UtcDateTime, audit[0].OccurredUtc);
    }

    [Fact]
    public async Task Accepting_a_draft_is_refused_in_Chinese_and_English_and_writes_nothing()
    {
        var plan = await MetPlanAsync();

        var zh = await Step(w => w.AcceptAsync<AnnualPlan>(plan.Id, plan.Version, staff));
        var en = await Step(w => w.AcceptAsync<AnnualPlan>(plan.Id, plan.Version, staff with { Culture = DomainText.English }));

        Assert.Equal(WorkflowStatus.Refused, zh.Status);
        Assert.Equal("当前状态为“草稿”，不能通过。", zh.Error!.Message);
        Assert.Equal("Cannot accept while the status is \"draft\".", en.Error!.Message);
        Assert.Equal("status", en.Error.Field);
        Assert.Equal(plan.Version, (await Reload(plan.Id)).Version);
        Assert.Equal(0, await tdb.WithContextAsync(db => db.AuditLog.CountAsync()));
    }

    [Fact]
    public async Task Returning_without_a_reason_is_refused()
    {
        var plan = await MetPlanAsync();
        var submitted = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));

        var result = await Step(w => w.ReturnAsync<AnnualPlan>(plan.Id, submitted.Version!.Value, "   ", staff));

        Assert.Equal("submission.reason_required", result.Error!.Code);
        Assert.Equal("reason", result.Error.Field);
        Assert.Equal(SubmissionStatus.Submitted, (await Reload(plan.Id)).Status);
    }

    [Fact]
    public async Task Another_countys_liaison_and_a_county_reviewer_are_forbidden()
    {
        var plan = await MetPlanAsync();
        var other = Actor.From(await tdb.PersonAsync("linying", PersonRole.CountyLiaison, "赵联络员"));

        var submit = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, other));
        Assert.Equal(WorkflowStatus.Forbidden, submit.Status);
        Assert.Equal("auth.own_unit_only", submit.Error!.Code);

        var submitted = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));
        var accept = await Step(w => w.AcceptAsync<AnnualPlan>(plan.Id, submitted.Version!.Value, liaison));
        Assert.Equal(WorkflowStatus.Forbidden, accept.Status);
        Assert.Equal(SubmissionStatus.Submitted, (await Reload(plan.Id)).Status);
    }

    [Fact]
    public async Task A_plan_short_of_coverage_needs_an_explanation_before_it_can_be_submitted()
    {
        var plan = await tdb.PlanAsync("wuyang", p => p.Categories =
        [
            new() { CategoryCode = EnterpriseCategoryCodes.NonCoalMine, KeyTotal = 3, KeyPlanned = 2, GeneralTotal = 30, GeneralPlanned = 9 },
        ]);

        var refused = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));
        Assert.Equal("plan.coverage_not_met", refused.Error!.Code);
        Assert.Equal("计划未达到要求（重点单位缺 1 家，一般单位还差 1 家），请补充或填写说明后再提交。", refused.Error.Message);
        Assert.Equal("shortfallExplanation", refused.Error.Field);

        await tdb.WithContextAsync(db => db.AnnualPlans.Where(p => p.Id == plan.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ShortfallExplanation, "一家矿山停产整顿")));
        var submitted = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));
        Assert.True(submitted.Succeeded);
    }

    [Fact]
    public async Task Impossible_counts_are_refused_on_submit()
    {
        var plan = await tdb.PlanAsync("wuyang", p => p.Categories =
        [
            new() { CategoryCode = EnterpriseCategoryCodes.NonCoalMine, KeyTotal = 1, KeyPlanned = 2, GeneralTotal = 0, GeneralPlanned = 0 },
        ]);

        var result = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));

        Assert.Equal("coverage.planned_exceeds_total", result.Error!.Code);
        Assert.Equal(SubmissionStatus.Draft, (await Reload(plan.Id)).Status);
    }

    [Fact]
    public async Task A_plan_filed_as_an_enterprise_list_is_checked_from_the_list()
    {
        var key = await tdb.EnterpriseAsync("wuyang", "舞阳甲矿业", "91411121MA3X5K7P3T", EnterpriseTier.Key, EnterpriseCategoryCodes.NonCoalMine);
        var plan = await tdb.PlanAsync("wuyang", p => p.Entries = [new() { EnterpriseId = key.Id, Planned = false }]);

        var result = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));

        Assert.Equal("plan.coverage_not_met", result.Error!.Code);
    }

    [Fact]
    public async Task Two_reviewers_acting_on_the_same_version_at_once_one_wins_the_other_gets_a_conflict()
    {
        var plan = await MetPlanAsync();
        var submitted = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));
        var seen = submitted.Version!.Value;
        var other = Actor.From(await tdb.PersonAsync("luohe", PersonRole.CityAdmin, "刘主任"));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accept = Task.Run(async () => { await start.Task; return await Step(w => w.AcceptAsync<AnnualPlan>(plan.Id, seen, staff)); });
        var ret = Task.Run(async () => { await start.Task; return await Step(w => w.ReturnAsync<AnnualPlan>(plan.Id, seen, "材料不全", other)); });
        start.SetResult();
        var results = await Task.WhenAll(accept, ret);

        Assert.Single(results, r => r.Succeeded);
        var conflict = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(WorkflowStatus.Conflict, conflict.Status);
        Assert.Equal("该记录已被他人修改，请刷新后重试。", conflict.Error!.Message);
        Assert.Equal(2, await tdb.WithContextAsync(db => db.AuditLog.CountAsync())); // submit + the winner
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_not_an_overwrite()
    {
        var plan = await MetPlanAsync();
        await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));

        var stale = await Step(w => w.SubmitAsync<AnnualPlan>(plan.Id, plan.Version, liaison));

        Assert.Equal(WorkflowStatus.Conflict, stale.Status);
    }

    [Fact]
    public async Task Approval_and_publication_use_the_same_steps_with_their_own_audit_verbs()
    {
        var unit = await tdb.UnitAsync("wuyang");
        var approval = await tdb.WithContextAsync(async db =>
        {
            var a = new PlanApproval
            {
                UnitId = unit.Id, Year = 2022, ApprovalDocumentNumber = "舞政文〔2022〕5号", ApprovalDate = new(2022, 2, 10),
                FilingDocumentNumber = "舞应急〔2022〕3号", FilingDate = new(2022, 2, 12),
            };
            db.PlanApprovals.Add(a);
            await db.SaveChangesAsync();
            return a;
        });

        var result = await Step(w => w.SubmitAsync<PlanApproval>(approval.Id, approval.Version, liaison));
        var missing = await Step(w => w.SubmitAsync<PlanPublication>(999, Guid.NewGuid(), liaison with { Culture = DomainText.English }));

        Assert.True(result.Succeeded);
        Assert.Equal("approval.submit", await tdb.WithContextAsync(db => db.AuditLog.Select(a => a.Action).SingleAsync()));
        Assert.Equal(WorkflowStatus.NotFound, missing.Status);
        Assert.Equal("The publication does not exist.", missing.Error!.Message);
    }

    [Fact]
    public async Task A_filing_is_submitted_complete_whichever_the_door_and_nothing_is_written_otherwise()
    {
        var unit = await tdb.UnitAsync("wuyang");
        var approval = await tdb.WithContextAsync(async db =>
        {
            var a = new PlanApproval { UnitId = unit.Id, Year = 2022, ApprovalDocumentNumber = "舞政文〔2022〕5号", ApprovalDate = new(2022, 2, 10) };
            db.PlanApprovals.Add(a);
            await db.SaveChangesAsync();
            return a;
        });

        var refused = await Step(w => w.SubmitAsync<PlanApproval>(approval.Id, approval.Version, liaison));

        Assert.Equal(WorkflowStatus.Refused, refused.Status);
        Assert.Equal(("field.required", PlanFields.FilingDocumentNumber), (refused.Error!.Code, refused.Error.Field));
        Assert.Equal(SubmissionStatus.Draft, (await tdb.WithContextAsync(db => db.PlanApprovals.SingleAsync())).Status);
        Assert.Equal(0, await tdb.WithContextAsync(db => db.AuditLog.CountAsync()));
    }
}
