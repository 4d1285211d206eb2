using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Flows.Letters;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Plans;

/// <summary>
/// Cards edited by hand, the wrong role, a replayed invoke, a card older than the record: each is refused
/// with a clear message and nothing is written (a refusal leaves only its audit entry).
/// </summary>
public class TamperingTests : DriverTest
{
    private const string OtherUser = "00000000-0000-0000-0000-0000000000099";

    private async Task<(int Approvals, List<string> Audit)> Stored()
    {
        (int, List<string>) result = default;
        await Host.WithDbAsync(async db => result = (await db.PlanApprovals.CountAsync(), await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action + ":" + a.Reason).ToListAsync()));
        return result;
    }

    private static readonly Dictionary<string, string> GoodApproval = new()
    {
        ["approvalKind"] = "LeaderEndorsement", ["approvalDocumentNumber"] = "批示〔2022〕1号", ["approvalDate"] = "2022-02-15",
        ["filingDate"] = "2022-02-20", ["filingDocumentNumber"] = "舞应急〔2022〕3号",
    };

    private async Task<JsonObject> ConfirmCardAsync()
    {
        var form = Card(await Driver.InvokeAsync(DefaultUser, "approval.file"));
        return Card(await Driver.PressAsync(DefaultUser, form, "approval.file", GoodApproval));
    }

    [Fact]
    public async Task A_card_edited_to_name_another_unit_is_refused_logged_and_writes_nothing()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        int otherUnit = 0;
        await Host.WithDbAsync(async db => otherUnit = await db.Units.Where(u => u.Code == "linying").Select(u => u.Id).SingleAsync());
        var confirm = await ConfirmCardAsync();

        var body = await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm", edit: d => d["unitId"] = otherUnit);

        Assert.Equal(403, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Equal("此卡片属于其他单位，不能办理。", body["value"]!["message"]!.GetValue<string>());
        var (approvals, audit) = await Stored();
        Assert.Equal(0, approvals);
        Assert.Equal(["bot.refused:unit"], audit);
    }

    [Fact]
    public async Task City_staff_pressing_a_county_filing_button_is_refused_and_nothing_is_written()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        await Host.AddPersonAsync("李市局", PersonRole.CityStaff, "luohe", aadObjectId: OtherUser);
        var confirm = await ConfirmCardAsync();

        var body = await Driver.PressAsync(OtherUser, confirm, "approval.file", step: "confirm");

        Assert.Equal(403, body["statusCode"]!.GetValue<int>());
        Assert.Equal("您的角色不能办理此事项。", body["value"]!["message"]!.GetValue<string>());
        var (approvals, audit) = await Stored();
        Assert.Equal(0, approvals);
        Assert.Equal(["bot.refused:role"], audit);
    }

    [Fact]
    public async Task A_replayed_submit_with_the_same_activity_id_is_handled_once_and_answered_the_same()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var confirm = await ConfirmCardAsync();

        var first = await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm", id: "submit-once");
        var second = await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm", id: "submit-once");

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Contains("已提交", AllText(Card(first)));
        var (approvals, audit) = await Stored();
        Assert.Equal(1, approvals);
        Assert.Equal(["approval.edit:", "approval.submit:"], audit);
    }

    [Fact]
    public async Task A_second_click_on_an_old_confirmation_after_submitting_is_stale_and_changes_nothing()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var confirm = await ConfirmCardAsync();
        await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm");
        PlanApproval? before = null;
        await Host.WithDbAsync(async db => before = await db.PlanApprovals.AsNoTracking().SingleAsync());

        // The same card pressed again (a new activity: not a retry), with another number typed in.
        var body = await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm", edit: d => d["approvalDocumentNumber"] = "改过的文号");

        var card = Card(body);
        Assert.Contains("卡片已过期", AllText(card));
        PlanApproval? after = null;
        await Host.WithDbAsync(async db => after = await db.PlanApprovals.AsNoTracking().SingleAsync());
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal("批示〔2022〕1号", after.ApprovalDocumentNumber);
    }

    [Fact]
    public async Task A_form_made_before_someone_else_saved_the_record_is_refused_as_stale()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var confirm = await ConfirmCardAsync();
        // Meanwhile a colleague saved a draft (through the API, say): the record has a new version.
        await Host.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
            db.PlanApprovals.Add(new PlanApproval { UnitId = unit.Id, Year = 2022, ApprovalDocumentNumber = "同事的草稿" });
            await db.SaveChangesAsync();
        });

        var card = Card(await Driver.PressAsync(DefaultUser, confirm, "approval.file", step: "confirm"));

        Assert.Contains("记录已有变化", AllText(card));
        await Host.WithDbAsync(async db =>
        {
            var approval = await db.PlanApprovals.SingleAsync();
            Assert.Equal(SubmissionStatus.Draft, approval.Status);
            Assert.Equal("同事的草稿", approval.ApprovalDocumentNumber);
        });
    }

    [Fact]
    public async Task A_rectification_card_naming_another_units_letter_is_refused()
    {
        await Host.AddPersonAsync("王联络", PersonRole.CountyLiaison, "wuyang");
        var letterId = await RectificationFlowTests.AddLetterAsync(Host, "linying", LetterStatus.Acknowledged);

        var body = await Driver.InvokeAsync(DefaultUser, "rectification.file", new JsonObject { ["letterId"] = letterId });

        Assert.Equal(403, body["statusCode"]!.GetValue<int>());
        await Host.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.RectificationReports.CountAsync());
            Assert.Equal("bot.refused", (await db.AuditLog.SingleAsync()).Action);
        });
    }
}
