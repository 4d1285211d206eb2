using System.Text.Json.Nodes;
using GuidanceBot.Data;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Reviews;

/// <summary>The review queue: accept, return with a reason (the liaison told at once), stale cards, group chats.</summary>
public class ReviewFlowTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_returned_plan_needs_a_reason_and_the_liaison_is_told_at_once_with_a_button_to_revise(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);
        var planId = await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var approvalId = await SeedApprovalAsync(flow);

        var queue = Card(await flow.InvokeAsync(StaffAad, "review.list"));
        Assert.Contains(language == "zh-CN" ? "舞阳县应急管理局" : "Wuyang County", AllText(queue));
        var open = ActionData(queue, "review.open");
        Assert.Equal(("plan", planId), (open["kind"]!.GetValue<string>(), open["id"]!.GetValue<int>()));
        var review = Card(await flow.InvokeAsync(StaffAad, "review.open", open));
        Assert.Null(review["refresh"]); // a personal chat: the buttons are on the card itself

        // No reason: the same card with the error under the reason field; nothing written.
        var returnData = ActionData(review, "review.return");
        var noReason = Card(await flow.InvokeAsync(StaffAad, "review.return", returnData, name: "review-error"));
        Assert.NotNull(ErrorUnder(noReason, "reason"));
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal(SubmissionStatus.Submitted, (await db.AnnualPlans.SingleAsync()).Status);
            Assert.Equal(0, await db.DeliveryLedger.CountAsync());
        });

        returnData["reason"] = "重点企业名单不完整";
        var receipt = Card(await flow.InvokeAsync(StaffAad, "review.return", returnData));
        Assert.Null(FindAction(receipt, "review.accept")); // the receipt: no second decision from this card
        await flow.Host.WithDbAsync(async db =>
        {
            var plan = await db.AnnualPlans.SingleAsync();
            Assert.Equal((SubmissionStatus.Returned, "重点企业名单不完整", 1), (plan.Status, plan.ReturnReason, plan.ReturnCount));
            var queued = await db.DeliveryLedger.SingleAsync();
            Assert.Equal((flow.Liaison.Id, "submission-returned"), (queued.PersonId, queued.Kind));
            Assert.Equal(queued.CreatedUtc, queued.DueUtc); // at once
        });
        var told = Assert.Single(await flow.DispatchAsync("plan-returned"));
        Assert.Contains("重点企业名单不完整", AllText(told));
        Assert.NotNull(FindAction(told, "plan.file"));

        // The same return button again (the card is stale now): refused, still one return.
        var stale = AssertStale(await flow.InvokeAsync(StaffAad, "review.return", returnData, name: "review-stale"));
        Assert.Equal(planId, ActionData(stale, "review.open")["id"]!.GetValue<int>()); // open it again
        await flow.Host.WithDbAsync(async db => Assert.Equal(1, (await db.AnnualPlans.SingleAsync()).ReturnCount));

        // The approval and filing is accepted.
        var approval = Card(await flow.InvokeAsync(StaffAad, "review.open", new JsonObject { ["kind"] = "approval", ["id"] = approvalId }));
        Card(await flow.InvokeAsync(StaffAad, "review.accept", ActionData(approval, "review.accept"), name: "review-accepted"));
        await flow.Host.WithDbAsync(async db => Assert.Equal(SubmissionStatus.Accepted, (await db.PlanApprovals.SingleAsync()).Status));

        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task A_card_made_before_the_record_changed_is_refused_and_nothing_is_written()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var review = Card(await flow.InvokeAsync(StaffAad, "review.open", new JsonObject { ["kind"] = "plan", ["id"] = 1 }));
        // Meanwhile the plan changes (a new version).
        await flow.Host.WithDbAsync(async db =>
        {
            var plan = await db.AnnualPlans.SingleAsync();
            plan.ShortfallExplanation = "补充说明";
            await db.SaveChangesAsync();
        });

        var body = await flow.InvokeAsync(StaffAad, "review.accept", ActionData(review, "review.accept"));

        AssertStale(body);
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal(SubmissionStatus.Submitted, (await db.AnnualPlans.SingleAsync()).Status);
            // Only the refusal's own entry.
            Assert.Equal(["bot.refused:review.accept:stale"], await db.AuditLog.Select(a => a.Action + ":" + a.EntityId + ":" + a.Reason).ToListAsync());
        });
    }

    [Fact]
    public async Task A_liaison_cannot_decide_even_with_a_card_edited_by_hand()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var version = await VersionAsync(flow);

        AssertError(await flow.InvokeAsync(LiaisonAad, "review.accept", new JsonObject { ["kind"] = "plan", ["id"] = 1, ["version"] = version }), 403);
        AssertError(await flow.InvokeAsync(LiaisonAad, "review.list"), 403);
        // A city staff member with a card naming a kind that is not a filing.
        AssertError(await flow.InvokeAsync(StaffAad, "review.accept", new JsonObject { ["kind"] = "People", ["id"] = 1, ["version"] = version }), 403);

        await flow.Host.WithDbAsync(async db => Assert.Equal(SubmissionStatus.Submitted, (await db.AnnualPlans.SingleAsync()).Status));
    }

    [Fact]
    public async Task In_a_group_chat_only_city_staff_get_the_decision_buttons_through_refresh()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var data = new JsonObject { ["kind"] = "plan", ["id"] = 1 };

        // Opened in the group: everyone sees a read-only card that refreshes for city staff only.
        var shared = Card(await flow.InvokeAsync(StaffAad, "review.open", data, group: true, name: "review-group"));
        Assert.Null(FindAction(shared, "review.accept"));
        Assert.Equal("review.refresh", shared["refresh"]!["action"]!["verb"]!.GetValue<string>());
        var userIds = shared["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal([UserId(StaffAad)], userIds);
        // For clients that do not refresh cards: a button that brings the decision form to the presser's own chat.
        Assert.Equal(data.ToJsonString(), ActionData(shared, "review.private").ToJsonString());

        // Teams refreshes for the staff member: the decision form, still refreshing for staff only.
        var forStaff = Card(await flow.InvokeAsync(StaffAad, "review.refresh", data, group: true, name: "review-refresh-staff"));
        Assert.NotNull(FindAction(forStaff, "review.accept"));
        Assert.NotNull(FindAction(forStaff, "review.return"));
        Assert.NotNull(forStaff["refresh"]);

        // Anyone else asking for the refresh is refused: the review card is city staff's, whatever the card names.
        AssertError(await flow.InvokeAsync(LiaisonAad, "review.refresh", data, group: true), 403);

        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task A_liaison_refreshing_a_review_card_of_another_unit_gets_a_refusal_not_its_figures()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var approvalId = await SeedApprovalAsync(flow); // 临颍's, with its document numbers
        var sends = flow.Host.Connector.Requests.Count;

        // 舞阳's liaison asks Teams' refresh of the group card for 临颍's approval (the attack).
        var body = await flow.InvokeAsync(LiaisonAad, "review.refresh", new JsonObject { ["kind"] = "approval", ["id"] = approvalId }, group: true);

        AssertError(body, 403);
        Assert.DoesNotContain("临政文", body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal(sends, flow.Host.Connector.Requests.Count);
        await flow.Host.WithDbAsync(async db =>
        {
            var entry = await db.AuditLog.SingleAsync();
            Assert.Equal(("bot.refused", "review.refresh", "role", flow.Liaison.Id), (entry.Action, entry.EntityId, entry.Reason, entry.ActorPersonId));
        });
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task From_a_group_chat_city_staff_open_the_review_in_their_personal_chat_and_decide_there(string language)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);
        var planId = await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var data = new JsonObject { ["kind"] = "plan", ["id"] = planId };
        var shared = Card(await flow.InvokeAsync(StaffAad, "review.open", data, group: true, name: "review-group"));
        var sends = flow.Host.Connector.Requests.Count;

        // A liaison pressing it is refused; nothing is sent.
        AssertError(await flow.InvokeAsync(LiaisonAad, "review.private", ActionData(shared, "review.private"), group: true), 403);
        Assert.Equal(sends, flow.Host.Connector.Requests.Count);

        // City staff: the group card stays; the decision form arrives in their 1:1 chat with the bot.
        var answer = await flow.InvokeAsync(StaffAad, "review.private", ActionData(shared, "review.private"), group: true);
        Assert.Equal("application/vnd.microsoft.activity.message", answer["type"]!.GetValue<string>());
        Assert.Contains(language == "zh-CN" ? "私聊" : "personal chat", answer["value"]!.GetValue<string>());
        await flow.Host.Connector.WaitUntilAsync(r => r.Count > sends);
        var sent = flow.Host.Connector.Requests[sends];
        // The staff member's personal chat (where they said hello), addressed to them.
        Assert.Equal(flow.Host.Connector.Requests[0].ConversationId, sent.ConversationId);
        Assert.Equal(UserId(StaffAad), sent.Body!["recipient"]!["id"]!.GetValue<string>());
        var card = sent.Body!["attachments"]![0]!["content"]!.AsObject();
        flow.Cards.Add(("review-private", card.DeepClone()));
        Assert.Null(card["refresh"]);

        // Decided there like any review card.
        Card(await flow.InvokeAsync(StaffAad, "review.accept", ActionData(card, "review.accept")));
        await flow.Host.WithDbAsync(async db => Assert.Equal(SubmissionStatus.Accepted, (await db.AnnualPlans.SingleAsync()).Status));
        await flow.AssertCardsValidAsync();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_review_card_of_a_plan_filed_as_an_enterprise_list_shows_the_lists_coverage(string language)
    {
        var zh = language == "zh-CN";
        await using var flow = await TeamsDriver.StartCityAsync(language);
        // Filed as a list (no figures): 2 key units, one planned; 3 general units, one planned; with an explanation.
        var planId = 0;
        await flow.Host.WithDbAsync(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == "wuyang").Select(u => u.Id).SingleAsync();
            PlanEntry Entry(int n, EnterpriseTier tier, bool planned, string name) => new()
            {
                Planned = planned,
                Enterprise = new Enterprise { UnitId = unitId, Name = name, CreditCode = TestCodes.Valid(700 + n), CategoryCode = EnterpriseCategoryCodes.IndustryTrade, Tier = tier },
            };
            var plan = new AnnualPlan
            {
                UnitId = unitId, Year = 2022, Status = SubmissionStatus.Submitted, SubmittedUtc = flow.Host.Clock.GetUtcNow().UtcDateTime,
                ShortfallExplanation = "一家重点企业停产",
                Entries =
                [
                    Entry(1, EnterpriseTier.Key, true, "舞阳钢铁"), Entry(2, EnterpriseTier.Key, false, "舞阳停产铝业"),
                    Entry(3, EnterpriseTier.General, true, "一般甲"), Entry(4, EnterpriseTier.General, false, "一般乙"), Entry(5, EnterpriseTier.General, false, "一般丙"),
                ],
            };
            db.AnnualPlans.Add(plan);
            await db.SaveChangesAsync();
            planId = plan.Id;
        });

        var review = Card(await flow.InvokeAsync(StaffAad, "review.open", new JsonObject { ["kind"] = "plan", ["id"] = planId }, name: "review-list-plan"));

        var facts = review["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "FactSet")
            .SelectMany(f => f!["facts"]!.AsArray()).ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("1/2", facts[zh ? "重点单位（计划/总数）" : "Key (planned/total)"]);
        Assert.Equal("1/3", facts[zh ? "一般单位（计划/总数）" : "General (planned/total)"]);
        Assert.Equal("2/5", facts[zh ? "名单企业（列入/全部）" : "Listed enterprises (planned/all)"]);
        // What falls short, by the coverage rule: the key unit not planned, named.
        var coverage = facts[zh ? "覆盖要求" : "Coverage"];
        Assert.StartsWith(zh ? "未达标" : "Not met", coverage);
        Assert.Contains("舞阳停产铝业", coverage);
        Assert.Equal("一家重点企业停产", facts[zh ? "未达标说明" : "Shortfall explanation"]);
        await flow.AssertCardsValidAsync();
    }

    private static async Task<string> VersionAsync(TeamsDriver flow)
    {
        var version = "";
        await flow.Host.WithDbAsync(async db => version = (await db.AnnualPlans.SingleAsync()).Version.ToString());
        return version;
    }

    private static async Task<int> SeedApprovalAsync(TeamsDriver flow)
    {
        var id = 0;
        await flow.Host.WithDbAsync(async (GuidanceDbContext db) =>
        {
            var approval = new PlanApproval
            {
                UnitId = await db.Units.Where(u => u.Code == "linying").Select(u => u.Id).SingleAsync(), Year = 2022,
                Status = SubmissionStatus.Submitted, SubmittedUtc = flow.Host.Clock.GetUtcNow().UtcDateTime,
                ApprovalKind = ApprovalKind.GovernmentReply, ApprovalDocumentNumber = "临政文〔2022〕5号", ApprovalDate = new(2022, 2, 10),
                FilingDate = new(2022, 2, 15), FilingDocumentNumber = "临应急〔2022〕8号",
            };
            db.PlanApprovals.Add(approval);
            await db.SaveChangesAsync();
            id = approval.Id;
        });
        return id;
    }
}
