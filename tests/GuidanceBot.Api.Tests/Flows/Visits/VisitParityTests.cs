using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>
/// Each visit step both doors offer — schedule, reschedule, dates, draw, findings — taken through the API (a real bearer token
/// of 赵科员) and through chat (赵科员's card) on two fresh databases gives the same rows, audit entries and queued messages;
/// the API moves the unit's visit instead of making a second one and refuses a passed month and December as chat does.
/// The test clock stands at 2022-03-01 09:00 China time.
/// </summary>
public class VisitParityTests
{
    private static Task<int> AddVisitAsync(Door door, int month, VisitStatus status = VisitStatus.Planned, DateOnly? start = null) => door.Db(async db =>
    {
        var unit = await db.Units.SingleAsync(u => u.Code == "wuyang");
        var visit = new GuidanceVisit { UnitId = unit.Id, Year = 2022, PlannedMonth = month, Status = status, StartDate = start, EndDate = start };
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return visit.Id;
    });

    private static Task<GuidanceVisit> VisitAsync(Door door) => door.Db(db => db.Visits.AsNoTracking().SingleAsync());

    /// <summary>Every host draws with this seed, so the same draw is the same enterprises.</summary>
    private sealed class FixedSeed : SpotCheckSeeds
    {
        public override int Next() => 20220301;
    }

    private static readonly ParityOptions SameDraw = new() { Services = s => s.AddSingleton<SpotCheckSeeds>(new FixedSeed()) };

    private static async Task<JsonElement> PostAsync(Door door, string url, object body, HttpStatusCode expected)
    {
        using var response = await door.RequestAsync(door.Staff, HttpMethod.Post, url, body);
        return await HttpAssert.Json(response, expected);
    }

    private static async Task<JsonElement> PutAsync(Door door, string url, object body, HttpStatusCode expected)
    {
        using var response = await door.RequestAsync(door.Staff, HttpMethod.Put, url, body);
        return await HttpAssert.Json(response, expected);
    }

    private static async Task ScheduleInChatAsync(Door door, int month)
    {
        var card = Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitSave,
            new JsonObject { [VisitFields.UnitCode] = "wuyang", [VisitFields.PlannedMonth] = month.ToString() }));
        Assert.Null(ErrorUnder(card, VisitFields.PlannedMonth));
    }

    [Fact]
    public async Task Scheduling_a_unit_without_a_visit_creates_the_same_visit()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: _ => Task.CompletedTask,
            api: async door =>
            {
                var created = await PostAsync(door, "/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 5 }, HttpStatusCode.Created);
                Assert.Equal(5, created.GetProperty("plannedMonth").GetInt32());
            },
            chat: door => ScheduleInChatAsync(door, 5),
            options: SameDraw);

        Assert.Contains("Visits", result.Changed);
        Assert.Contains(result.Api.Audit, a => a.StartsWith("visit.schedule GuidanceVisit#", StringComparison.Ordinal) && a.EndsWith("details=2022-05", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scheduling_a_unit_with_a_visit_moves_it_in_both_doors_and_the_api_makes_no_second_visit()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, 4),
            api: async door =>
            {
                var id = (await VisitAsync(door)).Id;
                var moved = await PostAsync(door, "/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 6 }, HttpStatusCode.OK);
                Assert.Equal((id, 6), (moved.GetProperty("id").GetInt32(), moved.GetProperty("plannedMonth").GetInt32()));
                // Twice: still the one visit.
                await PostAsync(door, "/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 7 }, HttpStatusCode.OK);
                Assert.Equal(1, await door.Db(db => db.Visits.CountAsync()));
            },
            chat: async door =>
            {
                await ScheduleInChatAsync(door, 6);
                await ScheduleInChatAsync(door, 7);
            },
            options: SameDraw);

        var visit = Assert.Single(result.Api.Tables["Visits"]);
        Assert.Contains("PlannedMonth=7", visit);
        Assert.Equal(2, result.Api.Audit.Count(a => a.StartsWith("visit.reschedule ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Moving_a_dated_visit_to_another_month_drops_its_dates_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, 4, VisitStatus.Scheduled, new DateOnly(2022, 4, 12)),
            api: door => PostAsync(door, "/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 5 }, HttpStatusCode.OK),
            chat: door => ScheduleInChatAsync(door, 5),
            options: SameDraw);

        Assert.Contains("StartDate=null", Assert.Single(result.Api.Tables["Visits"]));
        Assert.Contains($"Status={VisitStatus.Planned}", Assert.Single(result.Api.Tables["Visits"]));
    }

    [Theory]
    [InlineData(2, "2 月已过，请选择 3 月或以后的月份（须在 11 月底前完成）。")]
    [InlineData(12, "执法指导须在 11 月底（11 月 30 日）前完成，不能安排在 12 月。")]
    public async Task A_passed_month_and_december_are_refused_with_the_same_field_error_in_both_doors(int month, string message)
    {
        string? apiError = null, chatError = null;
        await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, 4),
            api: async door =>
            {
                var errors = await door.RefusedAsync(door.Staff, HttpMethod.Post, "/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = month });
                apiError = errors[VisitFields.PlannedMonth];
            },
            chat: async door =>
            {
                var card = Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitSave,
                    new JsonObject { [VisitFields.UnitCode] = "wuyang", [VisitFields.PlannedMonth] = month.ToString() }));
                chatError = ErrorUnder(card, VisitFields.PlannedMonth);
            },
            refused: true, options: SameDraw);

        Assert.Equal(message, apiError);
        Assert.Equal(message, chatError);
    }

    [Fact]
    public async Task Setting_the_dates_moves_the_visit_and_asks_the_liaison_for_materials_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, 3),
            api: async door =>
            {
                var visit = await VisitAsync(door);
                await PutAsync(door, $"/api/v1/visits/{visit.Id}/dates", new { version = visit.Version, startDate = "2022-04-12", endDate = "2022-04-13" }, HttpStatusCode.OK);
            },
            chat: async door =>
            {
                var visit = await VisitAsync(door);
                Card(await door.Chat.InvokeAsync(StaffAad, MaterialsVerbs.SetDate,
                    new JsonObject { ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(), ["start"] = "2022-04-12", ["end"] = "2022-04-13" }));
            },
            options: SameDraw);

        Assert.Contains("PlannedMonth=4", Assert.Single(result.Api.Tables["Visits"]));
        // Each wuyang liaison asked once, in their own language.
        Assert.Equal(2, result.Api.Ledger.Count);
        Assert.All(result.Api.Ledger, asked => Assert.Contains($"{MaterialsRequestNotice.Name} visit:", asked));
        Assert.Contains(result.Api.Ledger, asked => asked.EndsWith("date-20220412 locale=zh-CN", StringComparison.Ordinal));
        Assert.Contains(result.Api.Ledger, asked => asked.EndsWith("date-20220412 locale=en-US", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scheduling_with_dates_through_the_api_is_the_chat_schedule_then_its_dates()
    {
        // The API's schedule may carry the dates; chat sets them on the visit's materials card. The same visit, audit aside.
        await using var api = await Door.StartAsync("api", SameDraw);
        await PostAsync(api, "/api/v1/visits", new { unitCode = "wuyang", year = 2022, plannedMonth = 4, startDate = "2022-04-12" }, HttpStatusCode.Created);
        await using var chat = await Door.StartAsync("chat", SameDraw);
        await ScheduleInChatAsync(chat, 4);
        var visit = await VisitAsync(chat);
        Card(await chat.Chat.InvokeAsync(StaffAad, MaterialsVerbs.SetDate,
            new JsonObject { ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(), ["start"] = "2022-04-12" }));

        var (a, c) = (await DoorParity.SnapshotAsync(api), await DoorParity.SnapshotAsync(chat));
        Assert.Equal(c.Tables["Visits"], a.Tables["Visits"]);
        Assert.Equal(c.Ledger, a.Ledger);
        Assert.Equal(2, a.Ledger.Count); // each wuyang liaison asked for the materials once
    }

    [Fact]
    public async Task The_draw_is_the_same_step_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: async door =>
            {
                await door.Chat.SeedPlanAsync("wuyang", SubmissionStatus.Accepted);
                await AddVisitAsync(door, 3);
            },
            api: async door =>
            {
                var visit = await VisitAsync(door);
                await PostAsync(door, $"/api/v1/visits/{visit.Id}/draw", new { version = visit.Version, count = 2 }, HttpStatusCode.OK);
            },
            chat: async door =>
            {
                var visit = await VisitAsync(door);
                Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitDraw,
                    new JsonObject { ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(), ["count"] = "2" }));
            },
            options: SameDraw);

        Assert.Equal(2, result.Api.Tables["SpotCheckedEnterprise"].Count);
        Assert.Contains(result.Api.Audit, a => a.StartsWith("visit.draw ", StringComparison.Ordinal) && a.EndsWith("details=count=2;candidates=3;algorithm=splitmix64-fisher-yates-v1", StringComparison.Ordinal));
        Assert.Contains("Seed=20220301", Assert.Single(result.Api.Tables["SpotCheckDraws"])); // the replay data: in the draw's row, not the audit trail
    }

    [Fact]
    public async Task Findings_are_the_same_step_in_both_doors()
    {
        var result = await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, 3),
            api: async door =>
            {
                var visit = await VisitAsync(door);
                await PutAsync(door, $"/api/v1/visits/{visit.Id}/findings", new
                {
                    version = visit.Version,
                    findings = new object[]
                    {
                        new { checkItemCode = "1.1", outcome = "Problem", note = "计划未覆盖全部重点企业" },
                        new { checkItemCode = "1.2", outcome = "Compliant" },
                    },
                    done = true,
                }, HttpStatusCode.OK);
            },
            chat: async door =>
            {
                var visit = await VisitAsync(door);
                Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitFindings, new JsonObject
                {
                    ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(),
                    ["f_1_1"] = "problem", ["n_1_1"] = "计划未覆盖全部重点企业", ["f_1_2"] = "compliant", ["done"] = "true",
                }));
            },
            options: SameDraw);

        Assert.Equal(2, result.Api.Tables["VisitFinding"].Count);
        Assert.Contains("StartDate=2022-03-01", Assert.Single(result.Api.Tables["Visits"])); // done without dates: today
        Assert.Contains(result.Api.Audit, a => a.StartsWith("visit.findings ", StringComparison.Ordinal) && a.EndsWith("details=2 findings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_problem_without_a_note_is_refused_in_both_doors_under_its_note()
    {
        string? apiError = null, chatError = null;
        await DoorParity.AssertSameAsync(
            seed: door => AddVisitAsync(door, 3),
            api: async door =>
            {
                var visit = await VisitAsync(door);
                var errors = await door.RefusedAsync(door.Staff, HttpMethod.Put, $"/api/v1/visits/{visit.Id}/findings",
                    new { version = visit.Version, findings = new[] { new { checkItemCode = "1.1", outcome = "Problem" } } });
                apiError = errors[VisitFields.Note(0)];
            },
            chat: async door =>
            {
                var visit = await VisitAsync(door);
                var card = Card(await door.Chat.InvokeAsync(StaffAad, VisitVerbs.VisitFindings,
                    new JsonObject { ["visitId"] = visit.Id, ["version"] = visit.Version.ToString(), ["f_1_1"] = "problem" }));
                chatError = ErrorUnder(card, "n_1_1");
            },
            refused: true, options: SameDraw);

        Assert.Equal("发现问题时请填写说明。", apiError);
        Assert.Equal(apiError, chatError);
    }
}
