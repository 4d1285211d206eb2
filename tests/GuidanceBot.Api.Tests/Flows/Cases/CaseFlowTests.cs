using System.Text.Json.Nodes;
using GuidanceBot.Data.Cases;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Cases;

/// <summary>
/// 典型案例报送 through /api/messages: the Wuyang liaison reports, city staff are told and judge against
/// the five criteria, the liaison is told the decision. The clock stands at 2022-03-01 09:00 in China.
/// </summary>
public class CaseFlowTests
{
    /// <summary>What Teams sends for an Action.Execute: the action's data with every input's current value, then what the user typed.</summary>
    private static JsonObject Press(JsonObject card, string verb, Dictionary<string, string?>? typed = null)
    {
        var data = ActionData(card, verb);
        foreach (var input in Inputs(card))
        {
            if (input["value"] is { } v)
            {
                data[input["id"]!.GetValue<string>()] = v.GetValue<string>();
            }
        }
        foreach (var (k, v) in typed ?? [])
        {
            if (v is null) data.Remove(k);
            else data[k] = v;
        }
        return data;
    }

    private static IEnumerable<JsonObject> Inputs(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal));

    private static string? ValueOf(JsonObject card, string id) => Inputs(card).Single(i => i["id"]!.GetValue<string>() == id)["value"]?.GetValue<string>();

    private static async Task<(List<TypicalCase> Cases, List<string> Ledger, List<string> Audit)> Db(TeamsDriver flow)
    {
        (List<TypicalCase>, List<string>, List<string>) result = default;
        await flow.Host.WithDbAsync(async db => result = (
            await db.TypicalCases.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            await db.DeliveryLedger.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Kind + ":" + e.PersonId).ToListAsync(),
            await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
        return result;
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_case_is_reported_judged_not_qualified_with_a_reason_and_both_sides_are_told(string language)
    {
        var zh = language == "zh-CN";
        await using var flow = await TeamsDriver.StartCityAsync(language);

        // The liaison's form; bad input comes back under each field, the input kept, nothing written.
        var form = Card(await flow.InvokeAsync(LiaisonAad, "case.report", name: "case-form"));
        Assert.Equal(4, Inputs(form).Count());
        var bad = Card(await flow.InvokeAsync(LiaisonAad, "case.report", Press(form, "case.report", new()
        {
            ["title"] = " ", ["caseNumber"] = "舞应急罚〔2022〕3号", ["reportedOn"] = "2022-03-02", ["enforcementType"] = "fine",
        }), name: "case-form-errors"));
        Assert.Equal(zh ? "此项必须填写。" : "This field is required.", ErrorUnder(bad, "title"));
        Assert.Equal(zh ? "报送日期不能晚于今天（2022-03-01）。" : "The date reported cannot be after today (2022-03-01).", ErrorUnder(bad, "reportedOn"));
        Assert.NotNull(ErrorUnder(bad, "enforcementType"));
        Assert.Null(ErrorUnder(bad, "caseNumber"));
        Assert.Equal("舞应急罚〔2022〕3号", ValueOf(bad, "caseNumber"));
        var lastYear = Card(await flow.InvokeAsync(LiaisonAad, "case.report", Press(bad, "case.report", new()
        {
            ["title"] = "某公司未落实安全培训案", ["reportedOn"] = "2021-12-31", ["enforcementType"] = "penalty",
        })));
        Assert.Equal(zh ? "报送日期必须在 2022 年内。" : "The date reported must be in 2022.", ErrorUnder(lastYear, "reportedOn"));
        var before = await Db(flow);
        Assert.Empty(before.Cases);
        Assert.Empty(before.Ledger);

        var receipt = Card(await flow.InvokeAsync(LiaisonAad, "case.report", Press(lastYear, "case.report", new() { ["reportedOn"] = "2022-02-10" }), name: "case-receipt"));
        Assert.Empty(Inputs(receipt));
        Assert.Contains(zh ? "行政处罚" : "Administrative penalty", AllText(receipt));
        var after = await Db(flow);
        var kase = Assert.Single(after.Cases);
        Assert.Equal((flow.Liaison.UnitId, "某公司未落实安全培训案", "舞应急罚〔2022〕3号", new DateOnly(2022, 2, 10), "penalty", CaseQualification.Pending),
            (kase.UnitId, kase.Title, kase.CaseNumber, kase.ReportedOn, kase.EnforcementType, kase.Qualification));
        Assert.Equal([$"case-reported:{flow.Staff.Id}"], after.Ledger);

        // City staff are told at once, with a button to judge.
        var notice = Assert.Single(await flow.DispatchAsync("case-reported"));
        Assert.Contains(zh ? "舞阳县应急管理局" : "Wuyang", AllText(notice));
        Assert.Equal(kase.Id, ActionData(notice, "case.open")["caseId"]!.GetValue<int>());

        var queue = Card(await flow.InvokeAsync(StaffAad, "case.queue", name: "case-queue"));
        var judge = Card(await flow.InvokeAsync(StaffAad, "case.open", ActionData(queue, "case.open"), name: "case-judge"));
        Assert.Equal(["true", "true", "true", "true", "true"], CaseWorkflow.Criteria.Select(c => ValueOf(judge, c)));

        // Not qualified with every criterion met and no reason: both fields marked, nothing written.
        var refused = Card(await flow.InvokeAsync(StaffAad, "case.judge", Press(judge, "case.judge", new() { ["qualified"] = "notQualified" }), name: "case-judge-errors"));
        Assert.Equal(zh ? "评定为不合格时，至少要有一项标准未达到。" : "A case judged not qualified must fail at least one criterion.", ErrorUnder(refused, "qualified"));
        Assert.NotNull(ErrorUnder(refused, "reason"));
        Assert.Equal("notQualified", ValueOf(refused, "qualified"));
        Assert.Equal(CaseQualification.Pending, (await Db(flow)).Cases.Single().Qualification);

        var judged = Card(await flow.InvokeAsync(StaffAad, "case.judge", Press(refused, "case.judge", new()
        {
            ["evidenceConclusive"] = "false", ["reason"] = "现场检查记录与询问笔录不一致",
        }), name: "case-judged"));
        Assert.Null(FindAction(judged, "case.judge"));
        after = await Db(flow);
        kase = after.Cases.Single();
        Assert.Equal((CaseQualification.NotQualified, false, true, "现场检查记录与询问笔录不一致", flow.Staff.Id),
            (kase.Qualification, kase.EvidenceConclusive, kase.ProcedureSound, kase.QualificationReason, kase.JudgedById));
        Assert.Equal([$"case-reported:{flow.Staff.Id}", $"case-judged:{flow.Liaison.Id}"], after.Ledger);

        // The liaison is told: the decision, the criterion not met, the reason.
        var told = Assert.Single(await flow.DispatchAsync("case-judged"));
        Assert.Contains(zh ? "证据确凿" : "Conclusive evidence", AllText(told));
        Assert.Contains("现场检查记录与询问笔录不一致", AllText(told));
        var mine = Card(await flow.InvokeAsync(LiaisonAad, "case.mine", name: "case-mine"));
        Assert.Contains(zh ? "不合格" : "Not qualified", AllText(mine));
        Assert.Contains(zh ? "已报送 1 件，合格 0 件，待评定 0 件。" : "1 reported, 0 qualified, 0 waiting for judgement.", AllText(mine));

        // The judge card pressed again was made from the old version: refused, nothing written.
        var stale = AssertStale(await flow.InvokeAsync(StaffAad, "case.judge", Press(refused, "case.judge", new() { ["qualified"] = "qualified" }), name: "case-stale"));
        Assert.NotNull(FindAction(stale, "case.open"));
        Assert.Equal(CaseQualification.NotQualified, (await Db(flow)).Cases.Single().Qualification);

        // Re-judged from a fresh card: qualified now, the liaison told again.
        var fresh = Card(await flow.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = kase.Id }));
        Card(await flow.InvokeAsync(StaffAad, "case.judge", Press(fresh, "case.judge", new() { ["qualified"] = "qualified", ["evidenceConclusive"] = "true", ["reason"] = "补充证据后复核" })));
        after = await Db(flow);
        Assert.Equal(CaseQualification.Qualified, after.Cases.Single().Qualification);
        Assert.Equal(["case.report", "case.judge", "bot.refused", "case.rejudge"], after.Audit);
        var again = Assert.Single(await flow.DispatchAsync("case-rejudged"));
        Assert.Contains(zh ? "评定结果已变更" : "decision on your typical case changed", AllText(again));
        Assert.Contains(zh ? "没有待评定" : "No typical case is waiting", AllText(Card(await flow.InvokeAsync(StaffAad, "case.queue", name: "case-queue-empty"))));

        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task Wrong_roles_other_units_hand_edited_and_stale_cards_are_refused_and_nothing_is_written()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        var form = Card(await flow.InvokeAsync(LiaisonAad, "case.report"));
        var good = Press(form, "case.report", new() { ["title"] = "案例甲", ["caseNumber"] = "舞应急罚〔2022〕5号", ["reportedOn"] = "2022-02-20", ["enforcementType"] = "coercion" });

        // City staff cannot report; a card naming another unit is refused.
        AssertError(await flow.InvokeAsync(StaffAad, "case.report", good), 403);
        var otherUnit = good.DeepClone().AsObject();
        otherUnit["unitId"] = flow.Liaison.UnitId + 1;
        AssertError(await flow.InvokeAsync(LiaisonAad, "case.report", otherUnit), 403);
        // A form made in another year is stale.
        var oldYear = good.DeepClone().AsObject();
        oldYear["year"] = 2021;
        Assert.NotNull(FindAction(Card(await flow.InvokeAsync(LiaisonAad, "case.report", oldYear)), "case.report"));
        var (cases, ledger, audit) = await Db(flow);
        Assert.Empty(cases);
        Assert.Empty(ledger);
        Assert.Equal(["bot.refused", "bot.refused", "bot.refused"], audit); // role, unit, stale

        Card(await flow.InvokeAsync(LiaisonAad, "case.report", good));
        // The same number again is refused under the field.
        var dup = Card(await flow.InvokeAsync(LiaisonAad, "case.report", good));
        Assert.Contains("舞应急罚〔2022〕5号", ErrorUnder(dup, "caseNumber"));
        var id = (await Db(flow)).Cases.Single().Id;

        // A liaison cannot see the queue, open or judge; nor can a hand-edited decision with a bad toggle pass.
        AssertError(await flow.InvokeAsync(LiaisonAad, "case.queue"), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, "case.open", new JsonObject { ["caseId"] = id }), 403);
        var judge = Card(await flow.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = id }));
        AssertError(await flow.InvokeAsync(LiaisonAad, "case.judge", Press(judge, "case.judge", new() { ["qualified"] = "qualified" })), 403);
        AssertError(await flow.InvokeAsync(StaffAad, "case.open", new JsonObject { ["caseId"] = id + 100 }), 403);
        var edited = Card(await flow.InvokeAsync(StaffAad, "case.judge", Press(judge, "case.judge", new() { ["qualified"] = "qualified", ["fileComplete"] = "maybe" })));
        Assert.NotNull(ErrorUnder(edited, "fileComplete"));
        var noChoice = Card(await flow.InvokeAsync(StaffAad, "case.judge", Press(judge, "case.judge", new() { ["qualified"] = "yes" })));
        Assert.NotNull(ErrorUnder(noChoice, "qualified"));
        // The case changed since the card was made (someone else judged it): stale.
        var otherVersion = Press(judge, "case.judge", new() { ["qualified"] = "qualified", ["version"] = Guid.NewGuid().ToString() });
        Assert.NotNull(FindAction(Card(await flow.InvokeAsync(StaffAad, "case.judge", otherVersion)), "case.open"));

        (cases, ledger, audit) = await Db(flow);
        Assert.Equal(CaseQualification.Pending, cases.Single().Qualification);
        Assert.Equal(["case-reported:" + flow.Staff.Id], ledger);
        Assert.Equal(["bot.refused", "bot.refused", "bot.refused", "case.report", "bot.refused", "bot.refused", "bot.refused", "bot.refused", "bot.refused"], audit);

        // The other county's liaison sees none of Wuyang's cases.
        var theirs = Card(await flow.InvokeAsync(OtherLiaisonAad, "case.mine"));
        Assert.DoesNotContain("案例甲", AllText(theirs));
        Assert.Contains("案例甲", AllText(Card(await flow.InvokeAsync(LiaisonAad, "case.mine"))));

        // The menus offer the case buttons by role.
        var countyMenu = await flow.AskForCardAsync(LiaisonAad, "菜单", "menu-county");
        Assert.NotNull(FindAction(countyMenu, "case.report"));
        Assert.NotNull(FindAction(countyMenu, "case.mine"));
        Assert.Null(FindAction(countyMenu, "case.queue"));
        var cityMenu = await flow.AskForCardAsync(StaffAad, "菜单", "menu-city");
        Assert.NotNull(FindAction(cityMenu, "case.queue"));
        Assert.Null(FindAction(cityMenu, "case.report"));
        await flow.AssertCardsValidAsync();
    }
}
