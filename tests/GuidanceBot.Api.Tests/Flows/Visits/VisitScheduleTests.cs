using System.Text.Json.Nodes;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Visits;

/// <summary>Choosing a month on the schedule card when nothing was planned: the refusal says what is wrong with the choice.</summary>
public class VisitScheduleTests
{
    private static void SetChinaDate(TeamsDriver flow, int month, int day) =>
        flow.Host.Clock.Advance(new DateTimeOffset(2022, month, day, 9, 0, 0, TimeSpan.FromHours(8)) - flow.Host.Clock.GetUtcNow());

    private static async Task<string?> SaveAsync(TeamsDriver flow, string month)
    {
        var card = Card(await flow.InvokeAsync(StaffAad, "visit.schedule.save", new JsonObject { ["unitCode"] = "wuyang", ["plannedMonth"] = month }, name: "schedule-" + month));
        return ErrorUnder(card, "plannedMonth");
    }

    [Theory]
    [InlineData("zh-CN", "3 月已过，请选择 4 月或以后的月份（须在 11 月底前完成）。",
        "执法指导须在 11 月底（11 月 30 日）前完成，不能安排在 12 月。",
        "2022 年的执法指导须在 11 月 30 日前完成，期限已过，不能再安排。")]
    [InlineData("en-US", "Month 3 has passed: choose month 4 or later (visits are due by the end of November).",
        "A visit in month 12 would miss the end-of-November deadline (30 November): choose November or earlier.",
        "The 2022 guidance visits were due by 30 November; that deadline has passed and no visit can be scheduled.")]
    public async Task A_month_that_has_passed_or_december_is_refused_as_a_choice_not_as_a_missed_plan(string language, string passed, string december, string yearOver)
    {
        await using var flow = await TeamsDriver.StartCityAsync(language);

        // 15 April, nothing scheduled for Wuyang: March has passed, December is after the deadline.
        SetChinaDate(flow, 4, 15);
        Assert.Equal(passed, await SaveAsync(flow, "3"));
        Assert.Equal(december, await SaveAsync(flow, "12"));

        // In December every month is refused for the year's deadline.
        SetChinaDate(flow, 12, 5);
        Assert.Equal(yearOver, await SaveAsync(flow, "11"));
        Assert.Equal(yearOver, await SaveAsync(flow, "12"));
        Assert.Equal(yearOver, await SaveAsync(flow, "3"));

        await flow.Host.WithDbAsync(async db => Assert.Equal(0, await db.Visits.CountAsync()));
        await flow.AssertCardsValidAsync();
    }

    [Fact]
    public async Task The_current_month_and_later_ones_up_to_november_are_saved()
    {
        await using var flow = await TeamsDriver.StartCityAsync();
        SetChinaDate(flow, 4, 15);

        Assert.Null(await SaveAsync(flow, "4"));
        Assert.Null(await SaveAsync(flow, "11")); // moves the same visit
        await flow.Host.WithDbAsync(async db => Assert.Equal([11], await db.Visits.Select(v => v.PlannedMonth).ToListAsync()));
    }
}
