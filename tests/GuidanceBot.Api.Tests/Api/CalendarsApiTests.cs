using System.Net;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Calendars;
using GuidanceBot.Data.Rules;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// /api/v1/calendars: the city admin enters or corrects a year in the shipped files' shape; any staff reads; the
/// working days follow at once. The 2027 arrangement here is test data in the notices' pattern, not the real notice.
/// </summary>
public class CalendarsApiTests : IDisposable
{
    private readonly ApiTestFactory factory = new();

    public CalendarsApiTests() => _ = factory.CreateClient();

    public void Dispose() => factory.Dispose();

    /// <summary>A 2027 calendar: 元旦 1–3 Jan, 春节 5–12 Feb with make-up Sundays 31 Jan and 14 Feb... as a body.</summary>
    public static object Year2027(IEnumerable<object>? daysOff = null, IEnumerable<string>? extra = null) => new
    {
        source = new { title = "国务院办公厅关于2027年部分节假日安排的通知", documentNumber = "国办发明电〔2026〕9号", issued = "2026-11-05", url = "https://www.gov.cn/zhengce/content/202611/content_2027.htm" },
        daysOff = daysOff ?? [
            new { name = "元旦", first = "2027-01-01", last = "2027-01-03" },
            new { name = "春节", first = "2027-02-05", last = "2027-02-12" },
            new { name = "国庆节", first = "2027-10-01", last = "2027-10-07" },
        ],
        extraWorkingDays = extra ?? ["2027-01-31", "2027-02-20", "2027-10-09"],
    };

    private WorkingDayCalendar Calendar => factory.Services.GetRequiredService<WorkingDayCalendar>();

    [Fact]
    public async Task The_admin_enters_2027_and_its_days_count_at_once_and_anyone_reads_it()
    {
        Assert.False(Calendar.HasArrangement(2027));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 8))); // a Monday, weekends only so far

        var saved = await HttpAssert.Json(await factory.CityAdmin().PutJson("/api/v1/calendars/2027", Year2027()), HttpStatusCode.OK);
        Assert.Equal("Entered", saved.GetProperty("origin").GetString());

        Assert.True(Calendar.HasArrangement(2027));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 2, 8)));  // 春节
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 20)));  // a make-up Saturday
        Assert.Equal(new DateOnly(2027, 2, 15), Calendar.WorkingDayAfter(new DateOnly(2027, 2, 4)));

        var read = await HttpAssert.Json(await factory.Liaison("wuyang").GetAsync("/api/v1/calendars/2027"), HttpStatusCode.OK);
        Assert.Equal("国办发明电〔2026〕9号", read.GetProperty("source").GetProperty("documentNumber").GetString());
        Assert.Equal(["元旦 2027-01-01 2027-01-03", "春节 2027-02-05 2027-02-12", "国庆节 2027-10-01 2027-10-07"],
            read.GetProperty("daysOff").EnumerateArray().Select(d => $"{d.GetProperty("name")} {d.GetProperty("first")} {d.GetProperty("last")}"));
        Assert.Equal(["2027-01-31", "2027-02-20", "2027-10-09"], read.GetProperty("extraWorkingDays").EnumerateArray().Select(d => d.GetString()));

        var list = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/calendars"), HttpStatusCode.OK);
        Assert.Equal([2022, 2023, 2024, 2025, 2026, 2027], list.EnumerateArray().Select(y => y.GetProperty("year").GetInt32()));
        Assert.Equal("Shipped", list[0].GetProperty("origin").GetString());

        await factory.WithDbAsync(async db =>
            Assert.Single(await db.AuditLog.Where(a => a.Action == CalendarWorkflow.SaveAction).ToListAsync()));
        await HttpAssert.Problem(await factory.CityStaff().GetAsync("/api/v1/calendars/2028"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_correction_of_a_shipped_year_replaces_it_whole_and_recounts_the_working_days()
    {
        // 2026 as shipped: 2026-02-14 (Saturday) is a make-up working day.
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));
        var body = new
        {
            source = new { title = "国务院办公厅关于2026年部分节假日安排的通知", documentNumber = "国办发明电〔2025〕7号", issued = "2025-11-04", url = (string?)null },
            daysOff = new[] { new { name = "春节", first = "2026-02-15", last = "2026-02-23" } },
            extraWorkingDays = new[] { "2026-02-28" },
        };

        await HttpAssert.Json(await factory.CityAdmin().PutJson("/api/v1/calendars/2026", body), HttpStatusCode.OK);

        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 10, 5))); // 国庆节 no longer listed
        var read = await HttpAssert.Json(await factory.CityStaff().GetAsync("/api/v1/calendars/2026"), HttpStatusCode.OK);
        Assert.Equal("Entered", read.GetProperty("origin").GetString());
        Assert.Equal(1, read.GetProperty("daysOff").GetArrayLength());
    }

    [Fact]
    public async Task Only_the_city_admin_enters_a_calendar()
    {
        await HttpAssert.Problem(await factory.CityStaff().PutJson("/api/v1/calendars/2027", Year2027()), HttpStatusCode.Forbidden);
        await HttpAssert.Problem(await factory.Liaison("wuyang").PutJson("/api/v1/calendars/2027", Year2027()), HttpStatusCode.Forbidden);
        Assert.False(Calendar.HasArrangement(2027));
    }

    public static TheoryData<string, string, string> BadCalendars => new()
    {
        // a day both off and working
        { "both", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "春节", "first": "2027-02-05", "last": "2027-02-12" } ], "extraWorkingDays": [ "2027-01-31", "2027-02-06" ] }""", "extraWorkingDays[1]" },
        // a make-up working day on a Wednesday
        { "weekday", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "春节", "first": "2027-02-05", "last": "2027-02-12" } ], "extraWorkingDays": [ "2027-02-17" ] }""", "extraWorkingDays[0]" },
        // first after last
        { "reversed", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "元旦", "first": "2027-01-01", "last": "2027-01-03" }, { "name": "春节", "first": "2027-02-12", "last": "2027-02-05" } ] }""", "daysOff[1].last" },
        // a holiday of another year
        { "outside", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "国庆节", "first": "2028-10-01", "last": "2028-10-07" } ] }""", "daysOff[0].last" },
        // beginning before the December of the year before
        { "too early", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "元旦", "first": "2026-11-30", "last": "2027-01-01" } ] }""", "daysOff[0].first" },
        // a date that is no date
        { "malformed", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "春节", "first": "2027-2-5", "last": "2027-02-12" } ] }""", "daysOff[0].first" },
        { "malformed make-up", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "春节", "first": "2027-02-05", "last": "2027-02-12" } ], "extraWorkingDays": [ "31/01/2027" ] }""", "extraWorkingDays[0]" },
        { "impossible date", """{ "source": { "title": "通知" }, "daysOff": [ { "name": "春节", "first": "2027-02-30", "last": "2027-03-02" } ] }""", "daysOff[0].first" },
        // no notice named
        { "no title", """{ "daysOff": [ { "name": "春节", "first": "2027-02-05", "last": "2027-02-12" } ] }""", "source.title" },
        { "no days off", """{ "source": { "title": "通知" }, "daysOff": [] }""", "daysOff" },
    };

    [Theory]
    [MemberData(nameof(BadCalendars))]
    public async Task A_bad_calendar_names_the_field_and_writes_nothing(string why, string body, string field)
    {
        var problem = await HttpAssert.Problem(await factory.CityAdmin().PutRaw("/api/v1/calendars/2027", body), HttpStatusCode.BadRequest, field);

        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), why);
        Assert.False(Calendar.HasArrangement(2027));
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.HolidayCalendars.AnyAsync(c => c.Year == 2027));
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == CalendarWorkflow.SaveAction));
        });
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2101)]
    public async Task A_year_out_of_range_is_refused(int year)
    {
        await HttpAssert.Problem(await factory.CityAdmin().PutJson($"/api/v1/calendars/{year}", Year2027()), HttpStatusCode.BadRequest, "year");
    }

    [Fact]
    public async Task The_refusal_is_in_the_caller_s_language()
    {
        var english = factory.Client("CityAdmin", language: "en-US", name: "admin");
        var problem = await HttpAssert.Problem(await english.PutJson("/api/v1/calendars/2027", Year2027(extra: ["2027-02-17"])), HttpStatusCode.BadRequest, "extraWorkingDays[0]");
        Assert.Contains("not a Saturday or a Sunday", problem.GetProperty("errors").GetProperty("extraWorkingDays[0]")[0].GetString());

        var chinese = await HttpAssert.Problem(await factory.CityAdmin().PutJson("/api/v1/calendars/2027", Year2027(extra: ["2027-02-17"])), HttpStatusCode.BadRequest, "extraWorkingDays[0]");
        Assert.Contains("调休上班日只能是周末", chinese.GetProperty("errors").GetProperty("extraWorkingDays[0]")[0].GetString());
    }

    [Fact]
    public async Task A_new_year_that_disagrees_with_the_year_before_on_a_day_is_refused()
    {
        // 2027-01-01..03 is 元旦 of 2027; a 2028 calendar whose 元旦 begins in December 2027 cannot make 2027's make-up day a day off.
        await HttpAssert.Json(await factory.CityAdmin().PutJson("/api/v1/calendars/2027", Year2027(extra: ["2027-01-31", "2027-12-25"])), HttpStatusCode.OK);
        var body = new
        {
            source = new { title = "国务院办公厅关于2028年部分节假日安排的通知" },
            daysOff = new[] { new { name = "元旦", first = "2027-12-25", last = "2028-01-01" } },
        };

        await HttpAssert.Problem(await factory.CityAdmin().PutJson("/api/v1/calendars/2028", body), HttpStatusCode.BadRequest, "daysOff[0].first");
        Assert.False(Calendar.HasArrangement(2028));
    }
}
