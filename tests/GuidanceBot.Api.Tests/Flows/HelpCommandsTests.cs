using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows;

/// <summary>
/// The help card against what the router really accepts (issue 14's leftover): every command name the host routes
/// (its <see cref="TurnRoute"/>s of kind Command, however registered) is typed by a person of each role; a command the
/// role may use is one its handler does not refuse for the role (FlowGuard's audited <c>bot.refused</c>, reason
/// <c>role</c> — the one door for refusals). That role's help card, in zh-CN and en-US, lists exactly those names.
/// </summary>
public class HelpCommandsTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000c1a0";
    private const string ResponsibleAad = "00000000-0000-0000-0000-00000000c1a1";

    private static readonly (PersonRole Role, string Aad)[] Roles =
    [
        (PersonRole.CountyLiaison, LiaisonAad),
        (PersonRole.CountyResponsible, ResponsibleAad),
        (PersonRole.CityStaff, StaffAad),
        (PersonRole.CityAdmin, AdminAad),
    ];

    private static async Task<TeamsDriver> StartAsync(string language)
    {
        // Some hundred replies in a row to a few people, on a clock that stands still: Teams' send limits off.
        var chat = await StartCityAsync(language, new() { ["Bot:ConversationSendsPerSecond"] = "1000000", ["Bot:TenantSendsPerSecond"] = "1000000" });
        await chat.Host.AddPersonAsync("周管理", PersonRole.CityAdmin, "luohe", AdminAad, language);
        await chat.Host.AddPersonAsync("钱负责", PersonRole.CountyResponsible, "wuyang", ResponsibleAad, language);
        return chat;
    }

    /// <summary>The help card's lines as (names as typed, what it does).</summary>
    private static async Task<List<(string[] Names, string Text)>> HelpAsync(TeamsDriver chat, string aad, PersonRole role)
    {
        var card = await chat.AskForCardAsync(aad, "帮助", $"help-{role}");
        return [.. Elements(card).Where(e => e["type"]?.GetValue<string>() == "FactSet").SelectMany(f => f["facts"]!.AsArray())
            .Select(f => (f!["title"]!.GetValue<string>().Split(" / "), f["value"]!.GetValue<string>()))];
    }

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Elements(p.Value))],
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    [Fact]
    public async Task Each_role_s_help_in_zh_CN_and_en_US_lists_every_command_the_router_accepts_from_that_role_and_no_other()
    {
        // What each role may type, found by typing every routed command name.
        var allowed = new Dictionary<PersonRole, SortedSet<string>>();
        await using (var chat = await StartAsync("zh-CN"))
        {
            var names = chat.Host.Services.GetServices<TurnRoute>().Where(r => r.Kind == TurnRouteKind.Command).Select(r => r.Key).ToList();
            Assert.True(names.Count >= 26, $"only {names.Count} command names routed");
            var people = new Dictionary<string, int>();
            await chat.Host.WithDbAsync(async db => people = await db.People.ToDictionaryAsync(p => p.AadObjectId!, p => p.Id));
            foreach (var (role, aad) in Roles)
            {
                allowed[role] = new(StringComparer.Ordinal);
                foreach (var name in names)
                {
                    var refusedBefore = await RoleRefusalsAsync(chat, people[aad]);
                    var before = chat.Host.Connector.Requests.Count;
                    await chat.MessageAsync(aad, name);
                    await chat.Host.Connector.WaitUntilAsync(r => r.Count > before);
                    if (await RoleRefusalsAsync(chat, people[aad]) == refusedBefore)
                    {
                        allowed[role].Add(name);
                    }
                }
            }

            // The roles differ as the handlers say: the year, calendar, rehearsal and people are the admin's, the team a county's.
            Assert.Contains("开启", allowed[PersonRole.CityAdmin]);
            Assert.DoesNotContain("开启", allowed[PersonRole.CityStaff]);
            Assert.Contains("队伍", allowed[PersonRole.CountyResponsible]);
            Assert.DoesNotContain("team", allowed[PersonRole.CityAdmin]);
            Assert.Contains("帮助", allowed[PersonRole.CountyLiaison]);

            foreach (var (role, aad) in Roles)
            {
                var help = await HelpAsync(chat, aad, role);
                AssertListsExactly(allowed[role], help, role);
                Assert.All(help, h => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", h.Text));
            }
            await chat.AssertCardsValidAsync();
        }

        await using (var chat = await StartAsync("en-US"))
        {
            foreach (var (role, aad) in Roles)
            {
                var help = await HelpAsync(chat, aad, role);
                AssertListsExactly(allowed[role], help, role);
                // In English (the language choice's own name "中文" aside).
                Assert.All(help, h => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", h.Text.Replace("中文", "", StringComparison.Ordinal)));
            }
        }
    }

    private static void AssertListsExactly(SortedSet<string> allowed, List<(string[] Names, string Text)> help, PersonRole role)
    {
        var listed = help.SelectMany(h => h.Names).ToHashSet(StringComparer.Ordinal);
        Assert.True(listed.SetEquals(allowed),
            $"{role}'s help: missing {string.Join(", ", allowed.Except(listed))}; listed but refused {string.Join(", ", listed.Except(allowed))}");
    }

    private static async Task<int> RoleRefusalsAsync(TeamsDriver chat, int personId)
    {
        var count = 0;
        await chat.Host.WithDbAsync(async db => count = await db.AuditLog.CountAsync(a => a.Action == FlowGuard.RefusedAction && a.Reason == "role" && a.ActorPersonId == personId));
        return count;
    }
}
