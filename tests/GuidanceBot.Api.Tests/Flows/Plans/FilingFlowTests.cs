using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// A county liaison files the approval and filing, the publication and the plan from cards, through
/// /api/messages, and the database says what was filed. The clock stands at 2022-03-01 09:00 in China.
/// </summary>
public class FilingFlowTests : DriverTest
{
    private async Task<T?> Filing<T>(string unit = "wuyang") where T : ReviewableSubmission
    {
        T? found = null;
        await Host.WithDbAsync(async db => found = await db.Set<T>().AsNoTracking().FirstOrDefaultAsync(s => s.Unit!.Code == unit && s.Year == 2022));
        return found;
    }

    private async Task<List<string>> AuditActions()
    {
        List<string> actions = [];
        await Host.WithDbAsync(async db => actions = await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        return actions;
    }

    [Fact]
    public async Task A_return_reason_typed_with_its_own_full_stop_reads_with_one_stop_on_the_form()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await Host.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            db.PlanApprovals.Add(new PlanApproval
            {
                UnitId = unit.Id, Year = 2022, Status = SubmissionStatus.Returned, ReturnCount = 1,
                ReturnReason = "请补充县政府批复文件后重新报备。", ApprovalDocumentNumber = "舞政文〔2022〕12号",
            });
            await db.SaveChangesAsync();
        });

        var form = AllText(Card(await Driver.InvokeAsync(DefaultUser, "approval.file")));

        Assert.Contains("市局退回：请补充县政府批复文件后重新报备。请修改后重新提交。", form);
        Assert.DoesNotContain("。。", form);
    }

    [Fact]
    public async Task Approval_and_filing_bad_input_comes_back_with_errors_under_the_fields_then_files_and_the_card_becomes_a_receipt()
    {
        var liaison = await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");

        var form = Card(await Driver.InvokeAsync(DefaultUser, "approval.file"));
        Assert.Contains("审批报备", AllText(form));
        Assert.Equal(liaison.UnitId, ActionData(form, "approval.file")["unitId"]!.GetValue<int>());

        // A date of last year, a filing before the approval, a missing number.
        var bad = Card(await Driver.PressAsync(DefaultUser, form, "approval.file", new()
        {
            ["approvalKind"] = "GovernmentReply", ["approvalDocumentNumber"] = "舞政文〔2022〕12号",
            ["approvalDate"] = "2021-12-30", ["filingDate"] = "2022-01-05", ["filingDocumentNumber"] = "",
        }));
        Assert.Equal("日期应在 2022 年内。", ErrorUnder(bad, "approvalDate"));
        Assert.Equal("此项必填。", ErrorUnder(bad, "filingDocumentNumber")); // the workflow's sentence, as the API's
        Assert.Null(ErrorUnder(bad, "approvalDocumentNumber"));
        Assert.Equal("舞政文〔2022〕12号", Input(bad, "approvalDocumentNumber")["value"]!.GetValue<string>()); // input kept
        Assert.Null(await Filing<PlanApproval>());

        var later = Card(await Driver.PressAsync(DefaultUser, bad, "approval.file", new() { ["approvalDate"] = "2022-02-15", ["filingDate"] = "2022-02-10", ["filingDocumentNumber"] = "舞应急〔2022〕3号" }));
        Assert.Equal("报备日期不能早于批复日期。", ErrorUnder(later, "filingDate"));
        Assert.Equal("2022-02-15", Input(later, "approvalDate")["value"]!.GetValue<string>());

        var future = Card(await Driver.PressAsync(DefaultUser, later, "approval.file", new() { ["filingDate"] = "2022-03-02" }));
        Assert.Equal("日期不能晚于今天（2022-03-01）。", ErrorUnder(future, "filingDate"));

        var confirm = Card(await Driver.PressAsync(DefaultUser, future, "approval.file", new() { ["filingDate"] = "2022-02-20" }));
        Assert.Contains("请核对", AllText(confirm));
        Assert.Contains("政府批复", AllText(confirm));
        Assert.Empty(Inputs(confirm));
        Assert.Null(await Filing<PlanApproval>()); // checking writes nothing

        var receipt = Card(await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm"));
        Assert.Contains("已提交", AllText(receipt));
        Assert.DoesNotContain("approval.file", Verbs(receipt)); // the receipt cannot be submitted again

        var filed = await Filing<PlanApproval>();
        Assert.NotNull(filed);
        Assert.Equal(SubmissionStatus.Submitted, filed.Status);
        Assert.Equal(ApprovalKind.GovernmentReply, filed.ApprovalKind);
        Assert.Equal("舞政文〔2022〕12号", filed.ApprovalDocumentNumber);
        Assert.Equal(new DateOnly(2022, 2, 15), filed.ApprovalDate);
        Assert.Equal(new DateOnly(2022, 2, 20), filed.FilingDate);
        Assert.Equal("舞应急〔2022〕3号", filed.FilingDocumentNumber);
        Assert.Equal(liaison.Id, filed.SubmittedById);
        Assert.Equal(["approval.edit", "approval.submit"], await AuditActions());

        // Opening it again shows the filing, not a form.
        var again = Card(await Driver.InvokeAsync(DefaultUser, "approval.file"));
        Assert.Contains("等待市局审核", AllText(again));
        Assert.Empty(Inputs(again));
    }

    [Fact]
    public async Task Publication_in_english_refuses_links_that_are_not_http_and_files_the_two_links()
    {
        await Host.AddPersonAsync("Liaison Wang", PersonRole.CountyLiaison, "wuyang", language: "en-US");

        var form = Card(await Driver.InvokeAsync(DefaultUser, "publication.file"));
        Assert.Contains("Publication", AllText(form));
        var bad = Card(await Driver.PressAsync(DefaultUser, form, "publication.file", new()
        {
            ["planUrl"] = "ftp://wuyang.gov.cn/plan", ["doubleRandomPlanUrl"] = "javascript:alert(1)", ["publishedOn"] = "2022-02-28",
        }));
        Assert.Equal("Enter an address starting with http:// or https://.", ErrorUnder(bad, "planUrl")); // the workflow's, as the API's
        Assert.Equal("Enter an address starting with http:// or https://.", ErrorUnder(bad, "doubleRandomPlanUrl"));
        Assert.Null(await Filing<PlanPublication>());

        var confirm = Card(await Driver.PressAsync(DefaultUser, bad, "publication.file", new()
        {
            ["planUrl"] = "https://wuyang.gov.cn/yjj/plan-2022.html", ["doubleRandomPlanUrl"] = "http://wuyang.gov.cn/yjj/srsj-2022.html",
        }));
        Assert.Contains("Please check", AllText(confirm));
        var receipt = Card(await Driver.PressAsync(DefaultUser, confirm, "publication.file", step: "confirm"));
        Assert.Contains("Submitted; the city bureau will review it.", AllText(receipt));

        var filed = await Filing<PlanPublication>();
        Assert.Equal(SubmissionStatus.Submitted, filed!.Status);
        Assert.Equal("https://wuyang.gov.cn/yjj/plan-2022.html", filed.PlanUrl);
        Assert.Equal("http://wuyang.gov.cn/yjj/srsj-2022.html", filed.DoubleRandomPlanUrl);
        Assert.Equal(new DateOnly(2022, 2, 28), filed.PublishedOn);
    }

    private static Dictionary<string, string> Figures(int keyTotal, int keyPlanned, int generalTotal, int generalPlanned)
    {
        var figures = new Dictionary<string, string>();
        foreach (var category in new[] { "non-coal-mine", "hazardous-chemicals", "industry-trade" })
        {
            figures[$"{category}.keyTotal"] = "0";
            figures[$"{category}.keyPlanned"] = "0";
            figures[$"{category}.generalTotal"] = "0";
            figures[$"{category}.generalPlanned"] = "0";
        }
        figures["hazardous-chemicals.keyTotal"] = keyTotal.ToString();
        figures["hazardous-chemicals.keyPlanned"] = keyPlanned.ToString();
        figures["hazardous-chemicals.generalTotal"] = generalTotal.ToString();
        figures["hazardous-chemicals.generalPlanned"] = generalPlanned.ToString();
        return figures;
    }

    [Fact]
    public async Task A_plan_short_of_coverage_shows_what_is_missing_and_is_submitted_only_with_an_explanation()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var form = Card(await Driver.InvokeAsync(DefaultUser, "plan.file"));

        var wrong = Card(await Driver.PressAsync(DefaultUser, form, "plan.file", Figures(5, 6, 30, 10)));
        Assert.Contains("6", ErrorUnder(wrong, "hazardous-chemicals.keyPlanned")); // planned above total, under its field
        Assert.Null(await Filing<AnnualPlan>());

        // 4 of 5 key units and 9 of 30 general units planned: one key unit and one general unit missing.
        var coverage = Card(await Driver.PressAsync(DefaultUser, wrong, "plan.file", Figures(5, 4, 30, 9)));
        var text = AllText(coverage);
        Assert.Contains("覆盖率检查", text);
        Assert.Contains("4/5", text);
        Assert.Contains("9/30 (30.0%)", text);
        Assert.Contains("危险化学品", text);
        Assert.Contains("✘", text);
        Assert.Single(coverage["body"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "Table");

        var refused = Card(await Driver.PressAsync(DefaultUser, coverage, "plan.file", step: "confirm"));
        // The workflow's refusal, the same the API gives: what is missing, and the explanation asked for.
        Assert.Equal("计划未达到要求（重点单位缺 1 家，一般单位还差 1 家），请补充或填写说明后再提交。", ErrorUnder(refused, "shortfallExplanation"));
        Assert.Null(await Filing<AnnualPlan>());

        var receipt = Card(await Driver.PressAsync(DefaultUser, refused, "plan.file", new() { ["shortfallExplanation"] = "一家重点企业停产整顿，复产后补充检查。" }, step: "confirm"));
        Assert.Contains("已提交", AllText(receipt));

        AnnualPlan? plan = null;
        await Host.WithDbAsync(async db => plan = await db.AnnualPlans.Include(p => p.Categories).SingleAsync());
        Assert.Equal(SubmissionStatus.Submitted, plan!.Status);
        Assert.Equal("一家重点企业停产整顿，复产后补充检查。", plan.ShortfallExplanation);
        var hc = Assert.Single(plan.Categories, c => c.CategoryCode == "hazardous-chemicals");
        Assert.Equal((5, 4, 30, 9), (hc.KeyTotal, hc.KeyPlanned, hc.GeneralTotal, hc.GeneralPlanned));
        Assert.Equal(3, plan.Categories.Count);
    }

    [Fact]
    public async Task A_plan_meeting_coverage_is_submitted_without_an_explanation()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var form = Card(await Driver.InvokeAsync(DefaultUser, "plan.file"));
        var coverage = Card(await Driver.PressAsync(DefaultUser, form, "plan.file", Figures(5, 5, 30, 10)));
        Assert.Contains("符合要求", AllText(coverage));
        Assert.DoesNotContain(Inputs(coverage), i => i["id"]!.GetValue<string>() == "shortfallExplanation");

        await Driver.PressAsync(DefaultUser, coverage, "plan.file", step: "confirm");

        var plan = await Filing<AnnualPlan>();
        Assert.Equal(SubmissionStatus.Submitted, plan!.Status);
        Assert.Null(plan.ShortfallExplanation);
    }

    [Fact]
    public async Task A_returned_publication_opens_with_the_reason_and_the_filed_values_and_is_resubmitted()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var form = Card(await Driver.InvokeAsync(DefaultUser, "publication.file"));
        var confirm = Card(await Driver.PressAsync(DefaultUser, form, "publication.file", new()
        {
            ["planUrl"] = "https://wuyang.gov.cn/plan.html", ["doubleRandomPlanUrl"] = "https://wuyang.gov.cn/old.html", ["publishedOn"] = "2022-02-28",
        }));
        await Driver.PressAsync(DefaultUser, confirm, "publication.file", step: "confirm");

        // City staff return it through the same workflow step the API and the review card use.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuidanceBot.Data.GuidanceDbContext>();
            var filed = await db.PlanPublications.AsNoTracking().SingleAsync();
            var result = await scope.ServiceProvider.GetRequiredService<GuidanceBot.Data.Plans.SubmissionWorkflow>()
                .ReturnAsync<PlanPublication>(filed.Id, filed.Version, "双随机计划链接打不开", new GuidanceBot.Data.Workflows.Actor(null, "李市局", PersonRole.CityStaff, filed.UnitId));
            Assert.True(result.Succeeded);
        }

        var revise = Card(await Driver.InvokeAsync(DefaultUser, "publication.file"));
        Assert.Contains("市局退回：双随机计划链接打不开", AllText(revise));
        Assert.Equal("https://wuyang.gov.cn/plan.html", Input(revise, "planUrl")["value"]!.GetValue<string>());
        var again = Card(await Driver.PressAsync(DefaultUser, revise, "publication.file", new() { ["doubleRandomPlanUrl"] = "https://wuyang.gov.cn/srsj.html" }));
        await Driver.PressAsync(DefaultUser, again, "publication.file", step: "confirm");

        var publication = await Filing<PlanPublication>();
        Assert.Equal(SubmissionStatus.Resubmitted, publication!.Status);
        Assert.Equal("https://wuyang.gov.cn/srsj.html", publication.DoubleRandomPlanUrl);
        Assert.Contains("publication.resubmit", await AuditActions());
    }
}
