using System.Net;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>
/// Moving and cancelling a visit with a reason (issue 15, point 6): the same step through the API and the visit card on two
/// fresh databases (rows, audit entry with the reason, the notice to each liaison of the unit, in their language); a move into
/// a passed month or without a reason is refused under its field and writes nothing; the risk view (two units in one month, a
/// unit that cannot be reached by 30 November) on the status card and through the API. The clock stands at 2022-03-01 (China).
/// </summary>
public class VisitChangeTests
{
    private const string Reason = "市局领导带队参加省厅督查，时间冲突";

    private static Task<int> AddVisitAsync(Door door, string unit, int month, DateOnly? start = null) => door.Db(async db =>
    {
        var unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync();
        var visit = new GuidanceVisit
        {
            UnitId = unitId, Year = 2022, PlannedMonth = month, StartDate = start, EndDate = start,
            Status = start is null ? VisitStatus.Planned : VisitStatus.Scheduled,
        };
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return visit.Id;
    });

    private static Task<GuidanceVisit> VisitAsync(Door door) => door.Db(db => db.Visits.AsNoTracking().SingleAsync());

    private static async Task<JsonObject> PressOnCardAsync(Door door, string verb, Dictionary<string, string> typed)
    {
        var visit = await VisitAsync(door);
        var data = new JsonObject { ["visitId"] = visit.Id, ["version"] = visit.Version.ToString() };
        foreach (var (k, v) in typed)
        {
            data[k] = v;
        }
        return Card(await door.Chat.InvokeAsync(StaffAad, verb, data, name: verb));
    }

    [Fact]
    public async Task Moving_a_visit_with_a_reason_is_the_same_step_in_both_doors_and_tells_each_liaison_why()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, "wuyang", 4, new DateOnly(2022, 4, 12)),
            api: async door =>
            {
                var visit = await VisitAsync(door);
                var moved = await door.PostAsync(door.Staff, $"/api/v1/visits/{visit.Id}/move", new { version = visit.Version, plannedMonth = 5, reason = Reason });
                Assert.Equal(5, moved!["plannedMonth"]!.GetValue<int>());
            },
            chat: async door =>
            {
                var card = await PressOnCardAsync(door, VisitVerbs.VisitMove, new() { [VisitFields.PlannedMonth] = "5", [VisitFields.Reason] = Reason });
                Assert.Contains("已改期", AllText(card));
            });

        var visitRow = Assert.Single(result.Api.Tables["Visits"]);
        Assert.Contains("PlannedMonth=5", visitRow);
        Assert.Contains("StartDate=null", visitRow); // the April dates left with April
        Assert.Contains(result.Api.Audit, a => a.StartsWith("visit.move ", StringComparison.Ordinal) && a.Contains($"reason={Reason}", StringComparison.Ordinal)
            && a.EndsWith("details=2022-04-12 → 2022-05", StringComparison.Ordinal));
        // Each wuyang liaison told once, in their language; nobody else.
        Assert.Equal(2, result.Api.Ledger.Count);
        Assert.All(result.Api.Ledger, m => Assert.Contains($"{VisitChangedNotice.Name} visit:", m));
        Assert.Contains(result.Api.Ledger, m => m.EndsWith("moved-1 locale=zh-CN", StringComparison.Ordinal));
        Assert.Contains(result.Api.Ledger, m => m.EndsWith("moved-1 locale=en-US", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_visit_with_a_reason_is_the_same_step_in_both_doors_and_the_liaison_reads_the_reason()
    {
        await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, "wuyang", 4),
            api: async door =>
            {
                var visit = await VisitAsync(door);
                var cancelled = await door.PostAsync(door.Staff, $"/api/v1/visits/{visit.Id}/cancel", new { version = visit.Version, reason = Reason });
                Assert.Equal("Cancelled", cancelled!["status"]!.GetValue<string>());
                Assert.Equal(Reason, cancelled["cancelReason"]!.GetValue<string>());
            },
            chat: async door =>
            {
                var card = await PressOnCardAsync(door, VisitVerbs.VisitCancel, new() { [VisitFields.Reason] = Reason });
                Assert.Contains(Reason, AllText(card));
                Assert.DoesNotContain(VisitVerbs.VisitMove, Verbs(card)); // a cancelled visit is neither moved nor cancelled again
            });

        // What the liaison reads: the visit cancelled and why, in their language.
        await using var door = await Door.StartAsync("read");
        await AddVisitAsync(door, "wuyang", 4);
        var v = await VisitAsync(door);
        await door.PostAsync(door.Staff, $"/api/v1/visits/{v.Id}/cancel", new { version = v.Version, reason = Reason });
        var sent = await door.Chat.DispatchAsync("visit-cancelled");
        Assert.Equal(2, sent.Count);
        Assert.Contains(sent, c => AllText(c).Contains("执法指导已取消", StringComparison.Ordinal) && AllText(c).Contains(Reason, StringComparison.Ordinal));
        Assert.Contains(sent, c => AllText(c).Contains("has cancelled its 2022 guidance visit", StringComparison.Ordinal) && AllText(c).Contains(Reason, StringComparison.Ordinal));
        await door.Chat.AssertCardsValidAsync();

        // Cancelled is final: a second cancel or a move is refused, nothing written.
        v = await VisitAsync(door);
        using var again = await door.RequestAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{v.Id}/move", new { version = v.Version, plannedMonth = 6, reason = Reason });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task A_move_into_a_passed_month_or_without_a_reason_is_refused_under_its_field_in_both_doors_and_writes_nothing()
    {
        IReadOnlyDictionary<string, string>? api = null;
        JsonObject? card = null;
        await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, "wuyang", 4),
            api: async door =>
            {
                var visit = await VisitAsync(door);
                api = await door.RefusedAsync(door.Staff, HttpMethod.Post, $"/api/v1/visits/{visit.Id}/move", new { version = visit.Version, plannedMonth = 2, reason = " " });
            },
            chat: async door => card = await PressOnCardAsync(door, VisitVerbs.VisitMove, new() { [VisitFields.PlannedMonth] = "2", [VisitFields.Reason] = " " }),
            refused: true);

        Assert.Equal("2 月已过，请选择 3 月或以后的月份（须在 11 月底前完成）。", api![VisitFields.PlannedMonth]);
        Assert.Equal(api[VisitFields.PlannedMonth], ErrorUnder(card!, VisitFields.PlannedMonth));
        Assert.Equal(api[VisitFields.Reason], ErrorUnder(card!, VisitFields.Reason));
    }

    [Fact]
    public async Task Two_units_in_one_month_and_units_out_of_reach_of_30_november_show_on_the_status_card_and_through_the_api()
    {
        await using var door = await Door.StartAsync("risks");
        await AddVisitAsync(door, "wuyang", 5);
        await AddVisitAsync(door, "linying", 5);

        var risks = await door.SendAsync(door.Staff, HttpMethod.Get, "/api/v1/years/2022/visit-risks");
        var same = Assert.Single(risks!["risks"]!.AsArray(), r => r!["code"]!.GetValue<string>() == AnnualSchedule.SameMonth)!;
        Assert.Equal(5, same["month"]!.GetValue<int>());
        Assert.StartsWith("5 月安排了 2 个单位", same["message"]!.GetValue<string>());
        Assert.False(risks["onTrack"]!.GetValue<bool>());
        var status = AllText(await door.Chat.AskForCardAsync(StaffAad, "进度", "status-risks"));
        Assert.Contains(same["message"]!.GetValue<string>(), status);

        // The risk view is the city's.
        using var refused = await door.RequestAsync(door.Liaison, HttpMethod.Get, "/api/v1/years/2022/visit-risks");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // From 1 December no unit left can be reached by 30 November.
        door.Host.Clock.Advance(new DateTimeOffset(2022, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)) - door.Host.Clock.GetUtcNow());
        risks = await door.SendAsync(door.Staff, HttpMethod.Get, "/api/v1/years/2022/visit-risks");
        var unreachable = risks!["risks"]!.AsArray().Where(r => r!["code"]!.GetValue<string>() == AnnualSchedule.Unreachable).ToList();
        Assert.Contains(unreachable, r => r!["unitCode"]!.GetValue<string>() == "wuyang"
            && r["message"]!.GetValue<string>() == "舞阳县应急管理局 尚未指导，2022 年 11 月 30 日前已无法完成。");
        Assert.Equal(risks["units"]!.AsArray().Count, unreachable.Count);
        Assert.Contains("11 月 30 日前已无法完成", AllText(await door.Chat.AskForCardAsync(StaffAad, "进度", "status-december")));
        await door.Chat.AssertCardsValidAsync();
    }
}
