using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Jobs;

/// <summary>"本周交办", "本月讲评" and "免打扰" typed in Teams, through /api/messages with real tokens.</summary>
public class ReviewCommandsTests : IAsyncLifetime
{
    private const string CityUser = "00000000-0000-0000-0000-0000000000077";
    private BotHostFactory _host = null!;

    public async Task InitializeAsync() => _host = await BotHostFactory.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonObject> SayAsync(string text, string? aadObjectId = null)
    {
        var before = _host.Connector.Requests.Count;
        var activity = _host.Sample("message-personal.json", text);
        if (aadObjectId is not null)
        {
            activity["from"]!["aadObjectId"] = aadObjectId;
        }
        var response = await _host.PostAsync(activity, _host.ValidToken());
        response.EnsureSuccessStatusCode();
        await _host.Connector.WaitUntilAsync(r => r.Count > before);
        return _host.Connector.Requests[before].Body!.AsObject();
    }

    // The list is the first table; city staff's first page also has the typical-case table under it.
    private static List<int> Numbers(JsonObject card) =>
        card["body"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray().Skip(1)
            .Select(r => int.Parse(r!["cells"]![0]!["items"]![0]!["text"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();

    private async Task<WeeklyAssignmentSnapshot> MayAsync()
    {
        await _host.WithDbAsync(async db =>
        {
            var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
            void Item(string key, string unit, string assigned, string due) => db.Assignments.Add(new AssignmentItem
            {
                SubjectKey = key, Title = "事项" + key, UnitId = units[unit], Year = 2022, Kind = AssignmentKind.VisitProblem,
                AssignedOn = DateOnly.Parse(assigned, CultureInfo.InvariantCulture), DueDate = DateOnly.Parse(due, CultureInfo.InvariantCulture),
            });
            Item("C", "wuyang", "2022-05-06", "2022-05-15");
            Item("D", "wuyang", "2022-05-09", "2022-06-15");
            Item("G", "linying", "2022-04-01", "2022-04-30");
            await db.SaveChangesAsync();
        });
        await using var scope = _host.Services.CreateAsyncScope();
        var compiler = scope.ServiceProvider.GetRequiredService<ReviewCompiler>();
        await compiler.CompileMonthlyAsync(2022, 4);
        return await compiler.CompileWeeklyAsync(new DateOnly(2022, 5, 16));
    }

    [Fact]
    public async Task A_liaison_sees_only_their_units_part_of_the_weekly_list_and_city_staff_see_all_of_it()
    {
        await _host.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang");
        await _host.AddPersonAsync("王芳", PersonRole.CityStaff, "luohe", aadObjectId: CityUser);

        var none = await SayAsync("本周交办");
        Assert.Equal("还没有周交办清单：每周一 9:00 生成。", none["text"]!.GetValue<string>());

        var snapshot = await MayAsync();
        var mine = (await SayAsync("本周交办"))["attachments"]![0]!["content"]!.AsObject();
        Assert.Equal("周交办 2022年第 1 期 · 舞阳县应急管理局", mine["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal([1, 2], Numbers(mine));

        var all = (await SayAsync("weekly", CityUser))["attachments"]![0]!["content"]!.AsObject();
        Assert.Equal([1, 2, 3], Numbers(all));

        // The page button with another snapshot's or unit's data still shows the sender's own lines only.
        var invoke = _host.Sample("invoke-action-execute.json");
        invoke["value"]!["action"]!["verb"] = "weekly.page";
        var linying = await UnitIdAsync("linying");
        invoke["value"]!["action"]!["data"] = new JsonObject { ["snapshotId"] = snapshot.Id, ["page"] = 1, ["unitId"] = linying };
        var response = await _host.PostAsync(invoke, _host.ValidToken());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal([1, 2], Numbers(body["value"]!.AsObject()));
    }

    private async Task<int> UnitIdAsync(string code)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Data.GuidanceDbContext>().Units.SingleAsync(u => u.Code == code)).Id;
    }

    [Fact]
    public async Task The_monthly_command_shows_the_latest_review()
    {
        await _host.AddPersonAsync("Admin Li", PersonRole.CityAdmin, "luohe", language: "en-US");
        Assert.Equal("There is no monthly review yet: it is compiled on the first working day of each month at 09:00.",
            (await SayAsync("monthly"))["text"]!.GetValue<string>());

        await MayAsync();
        var card = (await SayAsync("本月讲评"))["attachments"]![0]!["content"]!.AsObject();
        Assert.Equal("Monthly review 4/2022", card["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mute_toggles_the_senders_optional_nudges_and_says_deadlines_still_come()
    {
        var person = await _host.AddPersonAsync("舞阳联络员", PersonRole.CountyLiaison, "wuyang");

        var on = await SayAsync("免打扰");
        Assert.Contains("截止日期提醒不受影响", on["text"]!.GetValue<string>());
        Assert.True(await MutedAsync(person.Id));

        var off = await SayAsync("mute");
        Assert.StartsWith("已关闭免打扰", off["text"]!.GetValue<string>());
        Assert.False(await MutedAsync(person.Id));
    }

    private async Task<bool> MutedAsync(int id)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Data.GuidanceDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == id)).MutedOptionalNudges;
    }
}
