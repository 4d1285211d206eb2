using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Data.People;
using GuidanceBot.Testing;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Calendars;

/// <summary>
/// Entering a year's calendar through both doors: <c>PUT /api/v1/calendars/2027</c> and the chat's <c>日历 2027</c> card
/// leave the same rows and audit entry; the same bad calendar is refused by both and changes nothing.
/// </summary>
public class CalendarParityTests
{
    private const string AdminAad = "00000000-0000-0000-0000-00000000c0a7";

    private static readonly ParityOptions WithAdmin = new() { People = [new CastMember("周管理", PersonRole.CityAdmin, "luohe", AdminAad)] };

    private static ParityStep Enter(string[] extra, bool refused = false) => new(
        Api: async door =>
        {
            using var response = await door.RequestAsync(door.People[AdminAad], HttpMethod.Put, "/api/v1/calendars/2027", new
            {
                source = new { title = "国务院办公厅关于2027年部分节假日安排的通知", documentNumber = "国办发明电〔2026〕9号", issued = (string?)null, url = (string?)null },
                daysOff = new[]
                {
                    new { name = "元旦", first = "2027-01-01", last = "2027-01-03" },
                    new { name = "春节", first = "2027-02-05", last = "2027-02-12" },
                },
                extraWorkingDays = extra,
            });
            await HttpAssert.Json(response, refused ? HttpStatusCode.BadRequest : HttpStatusCode.OK);
        },
        Chat: async door =>
        {
            var form = await door.Chat.AskForCardAsync(AdminAad, "日历 2027", "calendar-parity");
            var answer = Card(await door.Chat.PressAsync(AdminAad, form, CalendarCards.Verb, new()
            {
                ["source.title"] = "国务院办公厅关于2027年部分节假日安排的通知",
                ["source.documentNumber"] = "国办发明电〔2026〕9号",
                ["daysOff"] = "元旦 2027-01-01 2027-01-03\n春节 2027-02-05 2027-02-12",
                ["extraWorkingDays"] = string.Join(" ", extra),
            }));
            Assert.Equal(refused, ErrorUnder(answer, "extraWorkingDays") is not null);
        },
        Refused: refused);

    [Fact]
    public async Task Entering_2027_leaves_the_same_rows_and_audit_entry_through_the_API_and_in_Teams()
    {
        var result = await DoorParity.AssertSameAsync(_ => Task.CompletedTask, Enter(["2027-01-31", "2027-02-20"]).Api, Enter(["2027-01-31", "2027-02-20"]).Chat, options: WithAdmin);

        Assert.Contains("HolidayCalendars", result.Changed);
        Assert.Equal(2, result.Api.Tables["HolidayCalendarWorkingDays"].Count(r => r.Contains("2027-", StringComparison.Ordinal)));
        Assert.Single(result.Api.Audit, a => a.StartsWith("calendar.save ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_day_both_off_and_working_is_refused_by_both_doors_and_changes_nothing()
    {
        var step = Enter(["2027-01-02"], refused: true);

        await DoorParity.AssertSameAsync(_ => Task.CompletedTask, step.Api, step.Chat, refused: true, options: WithAdmin);
    }
}
