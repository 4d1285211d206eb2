using System.Globalization;
using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Testing;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.TeamFigures;

/// <summary>
/// 执法队伍建设 and 执行情况 through both doors (issue 13, point 5): the liaison files the team figures, a training session
/// and a month's progress through /api/v1 with their bearer token on one door and through the Teams forms on the other;
/// each step leaves the same rows and the same audit entries (and, as through either door, no notice).
/// </summary>
public class TeamFigureParityTests
{
    private static readonly Dictionary<string, string> Figures = new()
    {
        ["approvedPosts"] = "20", ["staffOnPost"] = "22", ["certifiedStaff"] = "18", ["note"] = "2 名借调人员在岗",
        ["educationPostgraduate"] = "2", ["educationBachelor"] = "12", ["educationCollege"] = "6", ["educationOther"] = "2",
        ["relatedFieldOfStudy"] = "5", ["ageUnder35"] = "6", ["age35To49"] = "10", ["age50AndOver"] = "6", ["men"] = "16", ["women"] = "6",
    };

    private static readonly Dictionary<string, string> Training = new() { ["heldOn"] = "2022-02-20", ["topic"] = "行政执法文书规范培训", ["hours"] = "3.5", ["participants"] = "8" };

    private static readonly Dictionary<string, string> Progress = new() { ["inspectionsDone"] = "12", ["penaltiesDecided"] = "3", ["recordsEntered"] = "14", ["doubleRandomPublished"] = "10",
        ["penaltiesPublished"] = "2", ["enterpriseListUpdatedOn"] = "2022-02-25", ["staffListUpdatedOn"] = "2022-02-10", ["matterListUpdatedOn"] = "2021-12-30" };

    private static Dictionary<string, object?> Json(Dictionary<string, string> form) => form.ToDictionary(f => f.Key, f => f.Key switch
    {
        "note" or "topic" or "heldOn" or "enterpriseListUpdatedOn" or "staffListUpdatedOn" or "matterListUpdatedOn" => (object?)f.Value,
        "hours" => decimal.Parse(f.Value, CultureInfo.InvariantCulture),
        _ => int.Parse(f.Value, CultureInfo.InvariantCulture),
    });

    /// <summary>
    /// One filing: POSTed to <c>/api/v1/teams/wuyang/{path}</c> on the api door, typed into the <paramref name="verb"/> form in
    /// Teams on the chat door (with the month picked on the card, where the API names it in the path).
    /// </summary>
    private static ParityStep Filing(string path, string verb, Dictionary<string, string> typed, string? period = null) => new(
        Api: async door =>
        {
            using var response = await door.RequestAsync(door.Liaison, HttpMethod.Post, $"/api/v1/teams/wuyang/{path}", Json(typed));
            await HttpAssert.Json(response, HttpStatusCode.Created);
        },
        Chat: async door =>
        {
            var form = Card(await door.Chat.InvokeAsync(LiaisonAad, verb));
            var receipt = Card(await door.Chat.PressAsync(LiaisonAad, form, verb, period is null ? typed : new(typed) { ["period"] = period }));
            Assert.Empty(Inputs(receipt));
        });

    [Fact]
    public async Task Filing_the_figures_a_training_session_and_a_month_s_progress_leave_the_same_rows_and_audit_entries_through_the_API_and_in_Teams()
    {
        var steps = await DoorParity.AssertStepsAsync(_ => Task.CompletedTask,
        [
            Filing("figures", "team.figures", Figures),
            Filing("training", "team.training", Training),
            Filing("progress/2022/2", "team.progress", Progress, period: "2022-02"),
        ]);

        string[] actions = ["team.figures", "team.training", "team.progress"];
        string[] tables = ["TeamFigures", "TrainingSessions", "EnforcementProgress"];
        for (var i = 0; i < actions.Length; i++)
        {
            Assert.Contains(tables[i], steps[i].Changed);
            Assert.Single(steps[i].Api.Audit, a => a.StartsWith($"{actions[i]} ", StringComparison.Ordinal));
            Assert.Single(steps[i].Api.Tables[tables[i]]);
            Assert.Empty(steps[i].Api.Ledger);
        }
    }
}
