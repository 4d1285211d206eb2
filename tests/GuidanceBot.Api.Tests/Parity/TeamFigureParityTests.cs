using System.Net;
using System.Net.Http.Json;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Parity;

/// <summary>
/// 执法队伍建设 and 执行情况 through both doors (issue 13, point 5): the liaison files the team figures, a training session
/// and a month's progress through /api/v1 with their bearer token in one world and through the Teams forms in another;
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

    private static readonly Dictionary<string, string> Progress = new() { ["inspectionsDone"] = "12", ["penaltiesDecided"] = "3", ["recordsEntered"] = "14", ["doubleRandomPublished"] = "10" };

    private static Dictionary<string, object?> Json(Dictionary<string, string> form) => form.ToDictionary(f => f.Key, f => f.Key switch
    {
        "note" or "topic" or "heldOn" => (object?)f.Value,
        "hours" => decimal.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture),
        _ => int.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture),
    });

    private static async Task<DoorSnapshot[]> ThroughApiAsync()
    {
        await using var world = await ParityWorld.StartAsync();
        var liaison = world.Api(world.Liaison);
        var steps = new List<DoorSnapshot>();
        var last = await world.SnapshotAsync();
        foreach (var (path, body) in new[] { ("figures", Figures), ("training", Training), ("progress/2022/2", Progress) })
        {
            var response = await liaison.PostAsJsonAsync($"/api/v1/teams/wuyang/{path}", Json(body));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var now = await world.SnapshotAsync();
            steps.Add(now.Since(last));
            last = now;
        }
        return [.. steps];
    }

    private static async Task<DoorSnapshot[]> ThroughChatAsync()
    {
        await using var world = await ParityWorld.StartAsync();
        var bot = world.Bot;
        var steps = new List<DoorSnapshot>();
        var last = await world.SnapshotAsync();
        foreach (var (verb, typed) in new[] { ("team.figures", Figures), ("team.training", Training), ("team.progress", new(Progress) { ["period"] = "2022-02" }) })
        {
            var form = Card(await bot.InvokeAsync(LiaisonAad, verb));
            var receipt = Card(await bot.PressAsync(LiaisonAad, form, verb, typed));
            Assert.Empty(Inputs(receipt));
            var now = await world.SnapshotAsync();
            steps.Add(now.Since(last));
            last = now;
        }
        return [.. steps];
    }

    [Fact]
    public async Task Filing_the_figures_a_training_session_and_a_month_s_progress_leave_the_same_rows_and_audit_entries_through_the_API_and_in_Teams()
    {
        var api = await ThroughApiAsync();
        var chat = await ThroughChatAsync();

        string[] actions = ["team.figures", "team.training", "team.progress"];
        string[] tables = ["TeamFigures", "TrainingSessions", "EnforcementProgress"];
        for (var i = 0; i < actions.Length; i++)
        {
            DoorSnapshot.AssertSame(api[i], chat[i]);
            Assert.Single(api[i].Audit, a => a.StartsWith($"Action={actions[i]} |", StringComparison.Ordinal));
            Assert.Single(api[i].Tables[tables[i]]);
            Assert.Empty(api[i].Ledger);
        }
    }
}
