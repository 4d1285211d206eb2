using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.People;
using GuidanceBot.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Playground;

/// <summary>
/// The real Microsoft 365 Agents Playground (npm) on loopback, driven by headless Chromium as a person would:
/// what is typed reaches the bot, and the bot's card comes back into the playground's conversation.
/// </summary>
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
