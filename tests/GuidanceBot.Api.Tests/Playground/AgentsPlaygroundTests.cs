using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Playground;

/// <summary>Node, the playground and Chromium are heavy on two cores: these tests run alone, not beside others.</summary>
[CollectionDefinition(nameof(PlaygroundCollection), DisableParallelization = true)]
public sealed class PlaygroundCollection;

/// <summary>
/// The real Microsoft 365 Agents Playground (npm) on loopback, driven by headless Chromium as a person would:
/// what is typed reaches the bot, and the bot's card comes back into the playground's conversation.
/// </summary>
[Collection(nameof(PlaygroundCollection))]
public class AgentsPlaygroundTests
{
    private static readonly PlaygroundUser Liaison = new("liaison-wuyang", "王舞阳", "00000000-0000-0000-0000-00000000a101", "舞阳", "王");

    [Fact]
    public async Task A_known_liaison_types_the_menu_command_and_sees_the_menu_card()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);
        await host.AddPersonAsync(Liaison.Name, PersonRole.CountyLiaison, "wuyang", Liaison.AadObjectId);
        await using var playground = await AgentsPlayground.StartAsync(new Uri(host.Http.BaseAddress!, "/api/messages").ToString(), Liaison);

        var result = await playground.ChatAsync(
        [
            new { send = "菜单" },
            new { waitText = "功能菜单" },
        ]);

        Assert.True(result.Ok, $"{result.Error}\n{result.Texts}");
        Assert.Contains("王舞阳", result.Texts);

        // The conversation the playground opened is now known to the bot, so it can reach the liaison later.
        await host.WithDbAsync(async db =>
        {
            var reference = await db.ConversationReferences.SingleAsync(r => r.AadObjectId == Liaison.AadObjectId && r.ConversationType == "personal");
            Assert.StartsWith($"http://localhost:{playground.Port}/", reference.ServiceUrl);
        });
    }

    [Fact]
    public async Task Someone_the_bot_does_not_know_gets_the_welcome_card_asking_for_an_invite_code()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);
        await using var playground = await AgentsPlayground.StartAsync(new Uri(host.Http.BaseAddress!, "/api/messages").ToString(), Liaison);

        var result = await playground.ChatAsync(
        [
            new { send = "你好" },
            new { waitText = "欢迎使用安全生产执法指导助手" },
        ]);

        Assert.True(result.Ok, $"{result.Error}\n{result.Texts}");
    }
}

/// <summary>
/// Issue 4's real-client test: two playgrounds (one per persona, as the playground always sends as its
/// config's current user) against one bot. The liaison files the approval and filing, city staff accept it.
/// </summary>
[Collection(nameof(PlaygroundCollection))]
public class ApprovalFilingInThePlaygroundTests
{
    private static readonly PlaygroundUser Liaison = new("liaison-wuyang", "王舞阳", "00000000-0000-0000-0000-00000000a201", "舞阳", "王");
    private static readonly PlaygroundUser Staff = new("staff-luohe", "李市局", "00000000-0000-0000-0000-00000000a202", "市局", "李");

    [Fact]
    public async Task A_liaison_files_the_approval_and_filing_and_city_staff_accept_it()
    {
        await using var host = await BotHostFactory.StartAsync(localMode: true);
        await host.AddPersonAsync(Liaison.Name, PersonRole.CountyLiaison, "wuyang", Liaison.AadObjectId);
        await host.AddPersonAsync(Staff.Name, PersonRole.CityStaff, "luohe", Staff.AadObjectId);
        var endpoint = new Uri(host.Http.BaseAddress!, "/api/messages").ToString();

        await using (var liaison = await AgentsPlayground.StartAsync(endpoint, Liaison))
        {
            var filed = await liaison.ChatAsync(
            [
                new { send = "菜单" },
                new { waitText = "功能菜单" },
                new { click = "报送审批报备材料" },
                new { waitText = "批复（批示）文号" },
                new { fill = new { label = "批复（批示）文号", value = "舞政文〔2022〕12号" } },
                new { fill = new { label = "批复（批示）日期", value = "2022-02-18" } },
                new { fill = new { label = "报备文号", value = "舞应急〔2022〕5号" } },
                new { fill = new { label = "向市局报备日期", value = "2022-02-25" } },
                new { click = "检查" },
                new { waitText = "请核对以下内容" },
                new { click = "确认提交" },
                new { waitText = "已提交，等待市局审核" },
            ]);
            Assert.True(filed.Ok, $"liaison step {filed.FailedStep}: {filed.Error}\n{filed.Texts}");
        }

        await using (var staff = await AgentsPlayground.StartAsync(endpoint, Staff))
        {
            var reviewed = await staff.ChatAsync(
            [
                new { send = "菜单" },
                new { waitText = "功能菜单" },
                new { click = "待审核材料" },
                new { waitText = "舞阳县应急管理局" },
                new { click = "审核", exact = true },
                new { waitText = "舞政文〔2022〕12号" },
                new { waitText = "舞应急〔2022〕5号" },
                new { click = "通过", exact = true },
                new { waitText = "已通过" },
            ]);
            Assert.True(reviewed.Ok, $"staff step {reviewed.FailedStep}: {reviewed.Error}\n{reviewed.Texts}");
            Assert.Contains("李市局", reviewed.Texts); // the receipt names the reviewer
        }

        await host.WithDbAsync(async db =>
        {
            var approval = await db.PlanApprovals.Include(a => a.Unit).SingleAsync();
            Assert.Equal("wuyang", approval.Unit!.Code);
            Assert.Equal(Data.Plans.SubmissionStatus.Accepted, approval.Status);
            Assert.Equal("舞政文〔2022〕12号", approval.ApprovalDocumentNumber);
            Assert.Equal(new DateOnly(2022, 2, 25), approval.FilingDate);
        });
    }
}
