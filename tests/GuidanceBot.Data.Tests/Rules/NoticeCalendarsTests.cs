using System.Globalization;
using GuidanceBot.Data.Calendars;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Seed;
using GuidanceBot.Data.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuidanceBot.Data.Tests.Rules;

/// <summary>
/// One test per year, written from the State Council General Office's notice for that year: each holiday with its first
/// and last day, each make-up working day (调休上班) with the weekday the notice gives. The calendar checked is the one a
/// host works with — the shipped files seeded into a fresh database and read back from its rows — and each year must
/// hold exactly these, nothing more.
/// </summary>
public class NoticeCalendarsTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private readonly WorkingDayCalendar calendar = new([]);

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        await using var context = db.NewContext();
        await new CalendarStore(calendar, NullLogger<CalendarStore>.Instance).ReloadAsync(context, default);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public void The_2022_calendar_is_the_State_Councils_notice() => AssertNotice(2022, "国办发明电〔2021〕11号",
        [
            ("元旦", "2022-01-01", "2022-01-03"),
            ("春节", "2022-01-31", "2022-02-06"),
            ("清明节", "2022-04-03", "2022-04-05"),
            ("劳动节", "2022-04-30", "2022-05-04"),
            ("端午节", "2022-06-03", "2022-06-05"),
            ("中秋节", "2022-09-10", "2022-09-12"),
            ("国庆节", "2022-10-01", "2022-10-07"),
        ],
        ["2022-01-29 六", "2022-01-30 日", "2022-04-02 六", "2022-04-24 日", "2022-05-07 六", "2022-10-08 六", "2022-10-09 日"]);

    [Fact]
    public void The_2023_calendar_is_the_State_Councils_notice() => AssertNotice(2023, "国办发明电〔2022〕16号",
        [
            ("元旦", "2022-12-31", "2023-01-02"), // begins on the Saturday before: set by the 2023 notice
            ("春节", "2023-01-21", "2023-01-27"),
            ("清明节", "2023-04-05", "2023-04-05"),
            ("劳动节", "2023-04-29", "2023-05-03"),
            ("端午节", "2023-06-22", "2023-06-24"),
            ("中秋节、国庆节", "2023-09-29", "2023-10-06"),
        ],
        ["2023-01-28 六", "2023-01-29 日", "2023-04-23 日", "2023-05-06 六", "2023-06-25 日", "2023-10-07 六", "2023-10-08 日"]);

    [Fact]
    public void The_2024_calendar_is_the_State_Councils_notice() => AssertNotice(2024, "国办发明电〔2023〕7号",
        [
            ("元旦", "2024-01-01", "2024-01-01"), // 与周末连休
            ("春节", "2024-02-10", "2024-02-17"),
            ("清明节", "2024-04-04", "2024-04-06"),
            ("劳动节", "2024-05-01", "2024-05-05"),
            ("端午节", "2024-06-10", "2024-06-10"), // 与周末连休
            ("中秋节", "2024-09-15", "2024-09-17"),
            ("国庆节", "2024-10-01", "2024-10-07"),
        ],
        ["2024-02-04 日", "2024-02-18 日", "2024-04-07 日", "2024-04-28 日", "2024-05-11 六", "2024-09-14 六", "2024-09-29 日", "2024-10-12 六"]);

    [Fact]
    public void The_2025_calendar_is_the_State_Councils_notice() => AssertNotice(2025, "国办发明电〔2024〕12号",
        [
            ("元旦", "2025-01-01", "2025-01-01"),
            ("春节", "2025-01-28", "2025-02-04"), // from 除夕, a public holiday from 2025
            ("清明节", "2025-04-04", "2025-04-06"),
            ("劳动节", "2025-05-01", "2025-05-05"),
            ("端午节", "2025-05-31", "2025-06-02"),
            ("国庆节、中秋节", "2025-10-01", "2025-10-08"),
        ],
        ["2025-01-26 日", "2025-02-08 六", "2025-04-27 日", "2025-09-28 日", "2025-10-11 六"]);

    [Fact]
    public void The_2026_calendar_is_the_State_Councils_notice() => AssertNotice(2026, "国办发明电〔2025〕7号",
        [
            ("元旦", "2026-01-01", "2026-01-03"),
            ("春节", "2026-02-15", "2026-02-23"), // 腊月二十八 to 正月初七, 9 days
            ("清明节", "2026-04-04", "2026-04-06"),
            ("劳动节", "2026-05-01", "2026-05-05"),
            ("端午节", "2026-06-19", "2026-06-21"),
            ("中秋节", "2026-09-25", "2026-09-27"),
            ("国庆节", "2026-10-01", "2026-10-07"),
        ],
        ["2026-01-04 日", "2026-02-14 六", "2026-02-28 六", "2026-05-09 六", "2026-09-20 日", "2026-10-10 六"]);

    private void AssertNotice(int year, string documentNumber, (string Name, string First, string Last)[] holidays, string[] makeUpDays)
    {
        var arrangement = calendar.Arrangement(year);
        Assert.NotNull(arrangement);
        Assert.Equal($"国务院办公厅关于{year}年部分节假日安排的通知", arrangement.Source?.Title);
        Assert.Equal(documentNumber, arrangement.Source?.DocumentNumber);

        Assert.Equal(holidays.Select(h => $"{h.Name} {h.First}..{h.Last}"),
            arrangement.Holidays.OrderBy(h => h.First).Select(h => $"{h.Name} {Day(h.First)}..{Day(h.Last)}"));
        foreach (var (name, first, last) in holidays)
        {
            for (var day = D(first); day <= D(last); day = day.AddDays(1))
            {
                Assert.False(calendar.IsWorkingDay(day), $"{day:yyyy-MM-dd} ({name}) counts as a working day");
            }
            // The day after a holiday is a working day unless it falls on an ordinary weekend.
            var after = D(last).AddDays(1);
            Assert.Equal(!WorkingDayCalendar.IsWeekend(after) || makeUpDays.Any(m => m.StartsWith(Day(after), StringComparison.Ordinal)), calendar.IsWorkingDay(after));
        }

        Assert.Equal(makeUpDays.Select(m => D(m[..10])), arrangement.ExtraWorkingDays.Order());
        foreach (var entry in makeUpDays)
        {
            var day = D(entry[..10]);
            Assert.Equal(entry[11..] == "六" ? DayOfWeek.Saturday : DayOfWeek.Sunday, day.DayOfWeek);
            Assert.True(calendar.IsWorkingDay(day), $"{entry} (调休上班) does not count as a working day");
        }
    }

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
