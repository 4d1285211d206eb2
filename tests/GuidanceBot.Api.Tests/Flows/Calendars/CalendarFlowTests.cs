using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Data.Calendars;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GuidanceBot.Testing.TeamsDriver;

namespace GuidanceBot.Api.Tests.Flows.Calendars;

/// <summary>
/// The city admin's calendar card through /api/messages: "日历 2027" opens the year, the days off are typed one per line,
/// the make-up days as a list; the save goes through the same workflow as the API and counts at once.
/// </summary>
public class CalendarFlowTests : DriverTest
{
    private const string Admin = "00000000-0000-0000-0000-0000000000ad1";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Host.AddPersonAsync("市局管理员", PersonRole.CityAdmin, "luohe", Admin);
        await Host.AddPersonAsync("赵科员", PersonRole.CityStaff, "luohe", StaffAad);
    }

    private WorkingDayCalendar Calendar => Host.Services.GetRequiredService<WorkingDayCalendar>();

    [Fact]
    public async Task The_admin_enters_2027_in_the_card_and_the_working_days_follow_at_once()
    {
        var form = await Driver.AskForCardAsync(Admin, "日历 2027", "calendar-2027-empty");
        Assert.Contains("2027 年尚未录入节假日安排", AllText(form));

        var saved = Card(await Driver.PressAsync(Admin, form, CalendarCards.Verb, new()
        {
            ["source.title"] = "国务院办公厅关于2027年部分节假日安排的通知",
            ["source.documentNumber"] = "国办发明电〔2026〕9号",
            ["daysOff"] = "元旦 2027-01-01 2027-01-03\n春节 2027-02-05 至 2027-02-12\n端午节 2027-06-09",
            ["extraWorkingDays"] = "2027-01-31，2027-02-20",
        }, name: "calendar-2027-saved"));

        Assert.Contains("已保存 2027 年节假日安排", AllText(saved));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 2, 8)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 6, 9)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 1, 31)));
        // The saved card shows the year as stored, one line per run.
        Assert.Equal("元旦 2027-01-01 2027-01-03\n春节 2027-02-05 2027-02-12\n端午节 2027-06-09", Input(saved, "daysOff")["value"]!.GetValue<string>());
        await Host.WithDbAsync(async db => Assert.Equal(CalendarOrigin.Entered, (await db.HolidayCalendars.SingleAsync(c => c.Year == 2027)).Origin));

        // Reopened, the shipped 2026 says where it comes from.
        var shipped = await Driver.AskForCardAsync(Admin, "calendar 2026", "calendar-2026-shipped");
        Assert.Contains("国办发明电〔2025〕7号", AllText(shipped));
        await Driver.AssertCardsValidAsync();
    }

    [Fact]
    public async Task A_day_both_off_and_working_and_a_weekday_make_up_day_are_named_under_their_inputs_and_nothing_is_saved()
    {
        var form = await Driver.AskForCardAsync(Admin, "日历 2027", "calendar-form");

        var refused = Card(await Driver.PressAsync(Admin, form, CalendarCards.Verb, new()
        {
            ["source.title"] = "国务院办公厅关于2027年部分节假日安排的通知",
            ["daysOff"] = "元旦 2027-01-01 2027-01-03\n春节 2027-02-12 2027-02-05",
            ["extraWorkingDays"] = "2027-01-02 2027-02-17",
        }, name: "calendar-refused"));

        Assert.Contains("第 2 行", ErrorUnder(refused, "daysOff"));
        Assert.Contains("2027-01-02 既是放假日又是调休上班日", ErrorUnder(refused, "extraWorkingDays"));
        Assert.Equal("元旦 2027-01-01 2027-01-03\n春节 2027-02-12 2027-02-05", Input(refused, "daysOff")["value"]!.GetValue<string>()); // kept as typed
        Assert.False(Calendar.HasArrangement(2027));
        await Host.WithDbAsync(async db => Assert.False(await db.HolidayCalendars.AnyAsync(c => c.Year == 2027)));
        await Driver.AssertCardsValidAsync();
    }

    [Fact]
    public async Task City_staff_cannot_open_or_save_a_calendar()
    {
        await Driver.MessageAsync(StaffAad, "日历 2027");
        var answer = await Driver.InvokeAsync(StaffAad, CalendarCards.Verb, new() { ["step"] = "save", ["year"] = 2027, ["source.title"] = "x", ["daysOff"] = "春节 2027-02-05 2027-02-12" });

        Assert.NotEqual("application/vnd.microsoft.card.adaptive", answer["type"]?.GetValue<string>());
        Assert.False(Calendar.HasArrangement(2027));
        await Host.WithDbAsync(async db => Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "bot.refused")));
    }
}
