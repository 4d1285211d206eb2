using System.Text.Json.Nodes;
using GuidanceBot.Data;
using GuidanceBot.Data.Plans;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Api.Tests.Flows.City.CityFlowHost;

namespace GuidanceBot.Api.Tests.Flows.City;

/// <summary>The review queue: accept, return with a reason (the liaison told at once), stale cards, group chats.</summary>
public class ReviewFlowTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_returned_plan_needs_a_reason_and_the_liaison_is_told_at_once_with_a_button_to_revise(string language)
    {
        await using var flow = await CityFlowHost.StartAsync(language);
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
        AssertError(await flow.InvokeAsync(StaffAad, "review.return", returnData), 409);
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
        await using var flow = await CityFlowHost.StartAsync();
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

        AssertError(body, 409);
        Assert.Contains("过期", body["value"]!["message"]!.GetValue<string>());
        await flow.Host.WithDbAsync(async db =>
        {
            Assert.Equal(SubmissionStatus.Submitted, (await db.AnnualPlans.SingleAsync()).Status);
            Assert.DoesNotContain(await db.AuditLog.Select(a => a.Action).ToListAsync(), a => a == "plan.accept");
        });
    }

    [Fact]
    public async Task A_liaison_cannot_decide_even_with_a_card_edited_by_hand()
    {
        await using var flow = await CityFlowHost.StartAsync();
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
        await using var flow = await CityFlowHost.StartAsync();
        await flow.SeedPlanAsync("wuyang", SubmissionStatus.Submitted);
        var data = new JsonObject { ["kind"] = "plan", ["id"] = 1 };

        // Opened in the group: everyone sees a read-only card that refreshes for city staff only.
        var shared = Card(await flow.InvokeAsync(StaffAad, "review.open", data, group: true, name: "review-group"));
        Assert.Null(FindAction(shared, "review.accept"));
        Assert.Equal("review.refresh", shared["refresh"]!["action"]!["verb"]!.GetValue<string>());
        var userIds = shared["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal([UserId(StaffAad)], userIds);

        // Teams refreshes for the staff member: the decision form, still refreshing for staff only.
        var forStaff = Card(await flow.InvokeAsync(StaffAad, "review.refresh", data, group: true, name: "review-refresh-staff"));
        Assert.NotNull(FindAction(forStaff, "review.accept"));
        Assert.NotNull(FindAction(forStaff, "review.return"));
        Assert.NotNull(forStaff["refresh"]);

        // Anyone else asking for the refresh gets the read-only view.
        var forLiaison = Card(await flow.InvokeAsync(LiaisonAad, "review.refresh", data, group: true, name: "review-refresh-liaison"));
        Assert.Null(FindAction(forLiaison, "review.accept"));
        Assert.Null(FindAction(forLiaison, "review.return"));

        await flow.AssertCardsValidAsync();
    }

    private static async Task<string> VersionAsync(CityFlowHost flow)
    {
        var version = "";
        await flow.Host.WithDbAsync(async db => version = (await db.AnnualPlans.SingleAsync()).Version.ToString());
        return version;
    }

    private static async Task<int> SeedApprovalAsync(CityFlowHost flow)
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
