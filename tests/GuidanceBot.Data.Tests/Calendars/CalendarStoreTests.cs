using GuidanceBot.Data.Calendars;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Seed;
using GuidanceBot.Data.Tests.Infrastructure;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Tests.Calendars;

/// <summary>
/// The calendars' rows: seeded from the calendar files on every start, a year the admin entered kept over its file,
/// a shipped year refreshed from a corrected file, and the working days read from the rows.
/// </summary>
public class CalendarStoreTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "guidancebot-cal-" + Guid.NewGuid().ToString("N"));
    private readonly WorkingDayCalendar calendar = new([]);
    private CalendarStore Store => new(calendar, NullLogger<CalendarStore>.Instance);
    private static readonly Actor Admin = new(null, "市局管理员", PersonRole.CityAdmin, 1);

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        Directory.CreateDirectory(folder);
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A start of the host: the initializer with this test's calendar folder.</summary>
    private async Task StartAsync(string? calendarFolder = null)
    {
        await using var context = db.NewContext();
        var storage = Options.Create(new StorageOptions { DataFolder = db.Folder, ConnectionString = db.ConnectionString, CalendarFolder = calendarFolder });
        await new DatabaseInitializer(context, storage, NullLogger<DatabaseInitializer>.Instance, Store).InitializeAsync();
    }

    private async Task<WorkflowResult> SaveAsync(CalendarInput input, Actor? actor = null)
    {
        await using var context = db.NewContext();
        return await new CalendarWorkflow(context, Store, db.Clock).SaveAsync(input, actor ?? Admin);
    }

    private static CalendarInput Spring2026(params string[] extra) => new(2026,
        new CalendarSourceInput("国务院办公厅关于2026年部分节假日安排的通知", "国办发明电〔2025〕7号", "2025-11-04", null),
        [new CalendarDayOffInput("春节", "2026-02-15", "2026-02-23")], extra);

    [Fact]
    public async Task A_year_the_admin_corrected_is_kept_over_the_shipped_file_on_the_next_start()
    {
        await StartAsync();
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 14))); // shipped: a make-up Saturday

        Assert.True((await SaveAsync(Spring2026("2026-02-28"))).Succeeded);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));

        await StartAsync(); // a restart seeds the shipped files again
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 10, 5)));
        var row = await db.WithContextAsync(c => c.HolidayCalendars.Include(h => h.DaysOff).SingleAsync(h => h.Year == 2026));
        Assert.Equal(CalendarOrigin.Entered, row.Origin);
        Assert.Equal("春节", Assert.Single(row.DaysOff).Name);
        // the other shipped years are still there as shipped
        Assert.Equal(CalendarOrigin.Shipped, (await db.WithContextAsync(c => c.HolidayCalendars.SingleAsync(h => h.Year == 2025))).Origin);
    }

    [Fact]
    public async Task A_corrected_shipped_file_replaces_its_shipped_year_on_the_next_start()
    {
        var file = Path.Combine(folder, "2030.json");
        File.WriteAllText(file, """{ "year": 2030, "daysOff": [ { "name": "国庆节", "first": "2030-10-01", "last": "2030-10-07" } ], "extraWorkingDays": [ "2030-09-29" ] }""");
        await StartAsync(folder);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2030, 9, 29)));

        File.WriteAllText(file, """{ "year": 2030, "daysOff": [ { "name": "国庆节", "first": "2030-10-01", "last": "2030-10-08" } ], "extraWorkingDays": [ "2030-10-12" ] }""");
        await StartAsync(folder);

        Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 9, 29)));   // a Sunday again
        Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 10, 8)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2030, 10, 12)));
    }

    [Fact]
    public async Task A_refused_entry_changes_neither_the_rows_nor_the_working_days_nor_the_audit()
    {
        await StartAsync();
        var before = await db.WithContextAsync(async c => (await c.HolidayCalendars.CountAsync(), await c.AuditLog.CountAsync()));

        var both = await SaveAsync(Spring2026("2026-02-21")); // a Saturday inside 春节
        var weekday = await SaveAsync(Spring2026("2026-02-25")); // a Wednesday
        var staff = await SaveAsync(Spring2026("2026-02-28"), Admin with { Role = PersonRole.CityStaff });

        Assert.Equal(("calendar.both", "extraWorkingDays[0]"), (both.Error!.Code, both.Error.Field));
        Assert.Equal(("calendar.makeup_weekday", "extraWorkingDays[0]"), (weekday.Error!.Code, weekday.Error.Field));
        Assert.Equal(WorkflowStatus.Forbidden, staff.Status);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.Equal(before, await db.WithContextAsync(async c => (await c.HolidayCalendars.CountAsync(), await c.AuditLog.CountAsync())));
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        await StartAsync();
        var result = await SaveAsync(new CalendarInput(2027, new CalendarSourceInput("通知", null, "2026-13-01", "gov.cn"),
            [
                new CalendarDayOffInput("元旦", "2026-12-31", "2027-01-02"),   // allowed: from 31 December of the year before
                new CalendarDayOffInput("春节", "2027-02-12", "2027-02-05"),   // reversed
                new CalendarDayOffInput("", "2027-05-01", "2027-05-05"),       // no name
                new CalendarDayOffInput("国庆节", "2027-10-01", "2028-01-01"),  // ends in the next year
            ],
            ["2027-01-30", "2027-02-03", "2027/02/20"]));

        Assert.Equal(WorkflowStatus.Refused, result.Status);
        Assert.Equal(
            ["daysOff[1].last", "daysOff[2].name", "daysOff[3].last", "extraWorkingDays[1]", "extraWorkingDays[2]", "source.issued", "source.url"],
            result.Errors.Select(e => e.Field!).Order(StringComparer.Ordinal));
        Assert.Equal("calendar.makeup_weekday", result.Errors.Single(e => e.Field == "extraWorkingDays[1]").Code);
        Assert.Equal("calendar.date_malformed", result.Errors.Single(e => e.Field == "extraWorkingDays[2]").Code);
        Assert.False(calendar.HasArrangement(2027));
    }

    [Fact]
    public void A_calendar_file_with_a_make_up_day_on_a_weekday_stops_the_start_naming_the_file_and_the_day()
    {
        File.WriteAllText(Path.Combine(folder, "2030.json"), """{ "year": 2030, "daysOff": [ { "name": "国庆节", "first": "2030-10-01", "last": "2030-10-07" } ], "extraWorkingDays": [ "2030-10-09" ] }""");

        var ex = Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.LoadFromFolder(folder));

        Assert.Contains("2030.json", ex.Message);
        Assert.Contains("2030-10-09", ex.Message);
        Assert.Contains("Saturday or a Sunday", ex.Message);
    }
}
