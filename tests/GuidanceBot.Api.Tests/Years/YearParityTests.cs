using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Years;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Years;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Years;

/// <summary>
/// The year's setup through both doors (issue 14's leftover): the city admin's <c>/api/v1/years</c> with their own bearer token
/// and the chat's year cards (<c>开启2023年度</c>, then the card's buttons) leave the same rows and audit entries, step after step — open
/// the year, a deadline on a Saturday refused (the same message under the same field), the deadlines, an unknown county refused,
/// the counties in scope, a check item, publish. (The template import is the API's alone: chat does not offer it.)
/// </summary>
public class YearParityTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000c0a8";
    private const string Year = "2023";

    private static readonly ParityOptions WithAdmin = new() { People = [new CastMember("周管理", PersonRole.CityAdmin, "luohe", AdminAad)] };

    private static Task<Guid> VersionAsync(Door door) => door.Db(db => db.YearSetups.Where(s => s.Year == 2023).Select(s => s.Version).SingleAsync());

    /// <summary>The year card as its refresh or its "back" button brings it (an invoke: no reply through the Connector).</summary>
    private static async Task<JsonObject> ReviewAsync(Door door) => Card(await door.Chat.InvokeAsync(AdminAad, YearVerbs.Show, new JsonObject { ["year"] = 2023 }));

    private static async Task<JsonObject> FormAsync(Door door, string verb) => Card(await door.Chat.PressAsync(AdminAad, await ReviewAsync(door), verb));

    [Fact]
    public async Task Opening_editing_and_publishing_a_year_with_two_refusals_leave_the_same_through_the_API_and_in_Teams()
    {
        var refusals = new Dictionary<string, string?>();
        var steps = await DoorParity.AssertStepsAsync(_ => Task.CompletedTask,
        [
            new ParityStep(
                Api: async door => await door.PostAsync(door.People[AdminAad], "/api/v1/years", new { year = 2023 }),
                Chat: async door => await door.Chat.AskForCardAsync(AdminAad, $"开启{Year}年度", "year-open")),
            new ParityStep(
                Api: async door =>
                {
                    var fields = await door.RefusedAsync(door.People[AdminAad], HttpMethod.Put, "/api/v1/years/2023",
                        new { version = await VersionAsync(door), planFilingDue = "2023-04-01" });
                    refusals["api-deadline"] = fields[YearFields.PlanFilingDue];
                },
                Chat: async door =>
                {
                    var form = await FormAsync(door, YearVerbs.Deadlines);
                    var refused = Card(await door.Chat.PressAsync(AdminAad, form, YearVerbs.Deadlines, new() { [YearFields.PlanFilingDue] = "2023-04-01" }, step: "save"));
                    refusals["chat-deadline"] = ErrorUnder(refused, YearFields.PlanFilingDue);
                },
                Refused: true),
            new ParityStep(
                Api: async door => await door.PutAsync(door.People[AdminAad], "/api/v1/years/2023",
                    new { version = await VersionAsync(door), planFilingDue = "2023-03-30", letterDueWorkingDays = 7 }),
                Chat: async door =>
                {
                    var form = await FormAsync(door, YearVerbs.Deadlines);
                    Card(await door.Chat.PressAsync(AdminAad, form, YearVerbs.Deadlines,
                        new() { [YearFields.PlanFilingDue] = "2023-03-30", [YearFields.LetterDueWorkingDays] = "7" }, step: "save"));
                }),
            new ParityStep(
                Api: async door =>
                {
                    var fields = await door.RefusedAsync(door.People[AdminAad], HttpMethod.Put, "/api/v1/years/2023",
                        new { version = await VersionAsync(door), unitCodes = new[] { "wuyang", "nowhere" } });
                    refusals["api-units"] = fields[YearFields.UnitCodes];
                },
                Chat: async door =>
                {
                    var form = await FormAsync(door, YearVerbs.Units);
                    var refused = Card(await door.Chat.PressAsync(AdminAad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "wuyang,nowhere" }, step: "save"));
                    refusals["chat-units"] = ErrorUnder(refused, YearFields.UnitCodes);
                },
                Refused: true),
            new ParityStep(
                Api: async door => await door.PutAsync(door.People[AdminAad], "/api/v1/years/2023",
                    new { version = await VersionAsync(door), unitCodes = new[] { "wuyang", "linying" } }),
                Chat: async door =>
                {
                    var form = await FormAsync(door, YearVerbs.Units);
                    Card(await door.Chat.PressAsync(AdminAad, form, YearVerbs.Units, new() { [YearFields.UnitCodes] = "wuyang,linying" }, step: "save"));
                }),
            // Check item 1.1 gets a new title; the rest of it as it is (the chat's form keeps the English materials and sources by position).
            new ParityStep(
                Api: async door =>
                {
                    var setup = (await door.SendAsync(door.People[AdminAad], HttpMethod.Get, "/api/v1/years/2023"))!;
                    var item = setup["template"]!["areas"]!.AsArray().SelectMany(a => a!["items"]!.AsArray()).Single(i => i!["code"]!.GetValue<string>() == "1.1")!;
                    await door.PutAsync(door.People[AdminAad], "/api/v1/years/2023/items/1.1", new
                    {
                        version = await VersionAsync(door), code = "1.1", title = "编制年度监督检查计划（修订）", titleEn = item["titleEn"], criteria = item["criteria"],
                        materials = item["materials"], materialsEn = item["materialsEn"], onFile = item["onFile"], cityAssessment = item["cityAssessment"],
                    });
                },
                Chat: async door =>
                {
                    var chooser = await FormAsync(door, YearVerbs.Item);
                    var form = Card(await door.Chat.PressAsync(AdminAad, chooser, YearVerbs.Item, new() { [YearCards.ItemCode] = "1.1" }, step: "edit"));
                    Card(await door.Chat.PressAsync(AdminAad, form, YearVerbs.Item, new() { [YearFields.Title] = "编制年度监督检查计划（修订）" }, step: "save"));
                }),
            new ParityStep(
                Api: async door => await door.PostAsync(door.People[AdminAad], "/api/v1/years/2023/publish", new { version = await VersionAsync(door) }),
                Chat: async door => Card(await door.Chat.PressAsync(AdminAad, await ReviewAsync(door), YearVerbs.Publish))),
        ], WithAdmin);

        Assert.Equal("2023-04-01 不是工作日，最近的工作日是 2023-04-03。", refusals["api-deadline"]);
        Assert.Equal(refusals["api-deadline"], refusals["chat-deadline"]);
        Assert.Equal("“nowhere”不是在用的县区单位。", refusals["api-units"]);
        Assert.Equal(refusals["api-units"], refusals["chat-units"]);

        Assert.Contains("YearSetups", steps[0].Changed);
        Assert.Single(steps[0].Api.Audit, a => a.StartsWith(YearSetupWorkflow.OpenAction + " ", StringComparison.Ordinal));
        Assert.Contains("YearSetups", steps[2].Changed);
        Assert.Contains("YearSetups", steps[4].Changed);
        Assert.Equal(2, steps[4].Api.Audit.Count(a => a.StartsWith(YearSetupWorkflow.UpdateAction + " ", StringComparison.Ordinal)));
        Assert.Single(steps[5].Api.Audit, a => a.StartsWith(YearSetupWorkflow.ItemAction + " ", StringComparison.Ordinal));
        Assert.Single(steps[6].Api.Audit, a => a.StartsWith(YearSetupWorkflow.PublishAction + " ", StringComparison.Ordinal));
    }
}
