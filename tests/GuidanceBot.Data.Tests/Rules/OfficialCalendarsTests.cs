using System.Globalization;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Seed;

namespace GuidanceBot.Data.Tests.Rules;

/// <summary>
/// The shipped calendars 2022–2026 against the State Council General Office's notices, read the way the host reads
/// them: every file of the shipped folder through <see cref="WorkingDayCalendar.LoadFromFolder"/>. The rows below are
/// written from each notice's text, holiday by holiday and make-up day by make-up day, with the weekday the notice
/// gives in brackets.
/// </summary>
public class OfficialCalendarsTests
{
    private static readonly string Folder = Path.Combine(DatabaseInitializer.ShippedSeedFolder, "calendars");
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadFromFolder(Folder);

    public static TheoryData<int, string, string, string, string> Notices => new()
    {
        { 2022, "国务院办公厅关于2022年部分节假日安排的通知", "国办发明电〔2021〕11号", "2021-10-25", "https://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm" },
        { 2023, "国务院办公厅关于2023年部分节假日安排的通知", "国办发明电〔2022〕16号", "2022-12-08", "https://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm" },
        { 2024, "国务院办公厅关于2024年部分节假日安排的通知", "国办发明电〔2023〕7号", "2023-10-25", "https://www.gov.cn/zhengce/content/202310/content_6911527.htm" },
        { 2025, "国务院办公厅关于2025年部分节假日安排的通知", "国办发明电〔2024〕12号", "2024-11-12", "https://www.gov.cn/zhengce/content/202411/content_6986382.htm" },
        { 2026, "国务院办公厅关于2026年部分节假日安排的通知", "国办发明电〔2025〕7号", "2025-11-04", "https://www.gov.cn/zhengce/content/202511/content_7047090.htm" },
    };

    public static TheoryData<int, string, string, string> Holidays => new()
    {
        { 2022, "元旦", "2022-01-01", "2022-01-03" },
        { 2022, "春节", "2022-01-31", "2022-02-06" },
        { 2022, "清明节", "2022-04-03", "2022-04-05" },
        { 2022, "劳动节", "2022-04-30", "2022-05-04" },
        { 2022, "端午节", "2022-06-03", "2022-06-05" },
        { 2022, "中秋节", "2022-09-10", "2022-09-12" },
        { 2022, "国庆节", "2022-10-01", "2022-10-07" },

        { 2023, "元旦", "2022-12-31", "2023-01-02" }, // begins in 2022, set by the 2023 notice
        { 2023, "春节", "2023-01-21", "2023-01-27" },
        { 2023, "清明节", "2023-04-05", "2023-04-05" },
        { 2023, "劳动节", "2023-04-29", "2023-05-03" },
        { 2023, "端午节", "2023-06-22", "2023-06-24" },
        { 2023, "中秋节、国庆节", "2023-09-29", "2023-10-06" },

        { 2024, "元旦", "2024-01-01", "2024-01-01" },   // 与周末连休
        { 2024, "春节", "2024-02-10", "2024-02-17" },
        { 2024, "清明节", "2024-04-04", "2024-04-06" },
        { 2024, "劳动节", "2024-05-01", "2024-05-05" },
        { 2024, "端午节", "2024-06-10", "2024-06-10" }, // 与周末连休
        { 2024, "中秋节", "2024-09-15", "2024-09-17" },
        { 2024, "国庆节", "2024-10-01", "2024-10-07" },

        { 2025, "元旦", "2025-01-01", "2025-01-01" },   // 周三: that day only
        { 2025, "春节", "2025-01-28", "2025-02-04" },   // from 农历除夕, 8 days (除夕 a public holiday from 2025)
        { 2025, "清明节", "2025-04-04", "2025-04-06" },
        { 2025, "劳动节", "2025-05-01", "2025-05-05" }, // 5 days (2 May a public holiday from 2025)
        { 2025, "端午节", "2025-05-31", "2025-06-02" },
        { 2025, "国庆节、中秋节", "2025-10-01", "2025-10-08" },

        { 2026, "元旦", "2026-01-01", "2026-01-03" },
        { 2026, "春节", "2026-02-15", "2026-02-23" },   // from 腊月二十八, 9 days
        { 2026, "清明节", "2026-04-04", "2026-04-06" },
        { 2026, "劳动节", "2026-05-01", "2026-05-05" },
        { 2026, "端午节", "2026-06-19", "2026-06-21" },
        { 2026, "中秋节", "2026-09-25", "2026-09-27" },
        { 2026, "国庆节", "2026-10-01", "2026-10-07" },
    };

    public static TheoryData<int, string, DayOfWeek> MakeUpWorkingDays => new()
    {
        { 2022, "2022-01-29", DayOfWeek.Saturday }, // 春节
        { 2022, "2022-01-30", DayOfWeek.Sunday },   // 春节
        { 2022, "2022-04-02", DayOfWeek.Saturday }, // 清明节
        { 2022, "2022-04-24", DayOfWeek.Sunday },   // 劳动节
        { 2022, "2022-05-07", DayOfWeek.Saturday }, // 劳动节
        { 2022, "2022-10-08", DayOfWeek.Saturday }, // 国庆节
        { 2022, "2022-10-09", DayOfWeek.Sunday },   // 国庆节

        { 2023, "2023-01-28", DayOfWeek.Saturday }, // 春节
        { 2023, "2023-01-29", DayOfWeek.Sunday },   // 春节
        { 2023, "2023-04-23", DayOfWeek.Sunday },   // 劳动节
        { 2023, "2023-05-06", DayOfWeek.Saturday }, // 劳动节
        { 2023, "2023-06-25", DayOfWeek.Sunday },   // 端午节
        { 2023, "2023-10-07", DayOfWeek.Saturday }, // 中秋节、国庆节
        { 2023, "2023-10-08", DayOfWeek.Sunday },   // 中秋节、国庆节

        { 2024, "2024-02-04", DayOfWeek.Sunday },   // 春节
        { 2024, "2024-02-18", DayOfWeek.Sunday },   // 春节
        { 2024, "2024-04-07", DayOfWeek.Sunday },   // 清明节
        { 2024, "2024-04-28", DayOfWeek.Sunday },   // 劳动节
        { 2024, "2024-05-11", DayOfWeek.Saturday }, // 劳动节
        { 2024, "2024-09-14", DayOfWeek.Saturday }, // 中秋节
        { 2024, "2024-09-29", DayOfWeek.Sunday },   // 国庆节
        { 2024, "2024-10-12", DayOfWeek.Saturday }, // 国庆节

        { 2025, "2025-01-26", DayOfWeek.Sunday },   // 春节
        { 2025, "2025-02-08", DayOfWeek.Saturday }, // 春节
        { 2025, "2025-04-27", DayOfWeek.Sunday },   // 劳动节
        { 2025, "2025-09-28", DayOfWeek.Sunday },   // 国庆节、中秋节
        { 2025, "2025-10-11", DayOfWeek.Saturday }, // 国庆节、中秋节

        { 2026, "2026-01-04", DayOfWeek.Sunday },   // 元旦
        { 2026, "2026-02-14", DayOfWeek.Saturday }, // 春节
        { 2026, "2026-02-28", DayOfWeek.Saturday }, // 春节
        { 2026, "2026-05-09", DayOfWeek.Saturday }, // 劳动节
        { 2026, "2026-09-20", DayOfWeek.Sunday },   // 国庆节
        { 2026, "2026-10-10", DayOfWeek.Saturday }, // 国庆节
    };

    [Theory]
    [MemberData(nameof(Notices))]
    public void Each_year_names_the_notice_it_follows(int year, string title, string documentNumber, string issued, string url)
    {
        var source = Calendar.Arrangement(year)?.Source;

        Assert.NotNull(source);
        Assert.Equal(title, source.Title);
        Assert.Equal(documentNumber, source.DocumentNumber);
        Assert.Equal(DateOnly.Parse(issued, CultureInfo.InvariantCulture), source.Issued);
        Assert.Equal(new Uri(url), source.Url);
    }

    [Theory]
    [MemberData(nameof(Holidays))]
    public void Each_holiday_of_the_notice_is_off_from_its_first_to_its_last_day(int year, string name, string first, string last)
    {
        var holiday = Assert.Single(Calendar.Arrangement(year)!.Holidays, h => h.Name == name);

        Assert.Equal((D(first), D(last)), (holiday.First, holiday.Last));
        for (var day = holiday.First; day <= holiday.Last; day = day.AddDays(1))
        {
            Assert.False(Calendar.IsWorkingDay(day), $"{day:yyyy-MM-dd} ({name}) counts as a working day");
        }
    }

    [Theory]
    [MemberData(nameof(MakeUpWorkingDays))]
    public void Each_make_up_day_of_the_notice_is_a_working_day_on_its_weekday(int year, string date, DayOfWeek weekday)
    {
        var day = D(date);

        Assert.Equal(weekday, day.DayOfWeek);
        Assert.Contains(day, Calendar.Arrangement(year)!.ExtraWorkingDays);
        Assert.True(Calendar.IsWorkingDay(day));
    }

    [Fact]
    public void Each_shipped_year_has_exactly_its_notice_s_holidays_and_make_up_days()
    {
        var years = Notices.Select(row => (int)row[0]).ToHashSet();
        Assert.Equal(years.Order(), Calendar.Years.Order());

        foreach (var year in years)
        {
            var arrangement = Calendar.Arrangement(year)!;
            Assert.Equal(
                Holidays.Where(row => (int)row[0] == year).Select(row => $"{row[1]} {row[2]}–{row[3]}").Order(),
                arrangement.Holidays.Select(h => $"{h.Name} {h.First:yyyy-MM-dd}–{h.Last:yyyy-MM-dd}").Order());
            Assert.Equal(
                MakeUpWorkingDays.Where(row => (int)row[0] == year).Select(row => D((string)row[1])).Order(),
                arrangement.ExtraWorkingDays.Order());
        }
    }

    [Fact]
    public void Every_make_up_working_day_is_a_Saturday_or_a_Sunday()
    {
        var weekdays = AllYears().SelectMany(y => y.ExtraWorkingDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        Assert.Empty(weekdays);
    }

    [Fact]
    public void Every_day_off_range_contains_the_date_of_the_holidays_it_names()
    {
        foreach (var year in AllYears())
        {
            foreach (var holiday in year.Holidays)
            {
                Assert.False(string.IsNullOrWhiteSpace(holiday.Name), $"{year.Year}: a range without a name");
                foreach (var festival in holiday.Name.Split('、'))
                {
                    var date = FestivalDate(festival, year.Year);
                    Assert.True(holiday.First <= date && date <= holiday.Last,
                        $"{year.Year} {holiday.Name} {holiday.First:yyyy-MM-dd}–{holiday.Last:yyyy-MM-dd} misses {festival} on {date:yyyy-MM-dd}");
                }
            }
        }
    }

    [Fact]
    public void No_day_is_both_off_and_working_in_any_year_or_across_years()
    {
        var years = AllYears().ToList();

        foreach (var year in years)
        {
            Assert.Empty(year.DaysOff.Intersect(year.ExtraWorkingDays));
        }
        Assert.Empty(years.SelectMany(y => y.DaysOff).Intersect(years.SelectMany(y => y.ExtraWorkingDays)));
    }

    [Fact]
    public void Each_file_s_year_matches_its_name_and_keeps_its_notice_s_days()
    {
        var files = Directory.EnumerateFiles(Folder, "*.json").ToList();
        Assert.NotEmpty(files);

        foreach (var path in files)
        {
            var year = WorkingDayCalendar.ParseFile(path);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), year.Year.ToString(CultureInfo.InvariantCulture));
            // A notice sets its own year's days; only 元旦 (or a make-up day before it) may reach back into December.
            Assert.All(year.DaysOff.Concat(year.ExtraWorkingDays),
                d => Assert.True(d.Year == year.Year || (d.Year == year.Year - 1 && d.Month == 12), $"{Path.GetFileName(path)} lists {d:yyyy-MM-dd}"));
            Assert.All(year.Holidays, h => Assert.Equal(year.Year, h.Last.Year));
        }

        // A day that begins one year's 元旦 is not listed again in the year before's file.
        var all = AllYears().ToList();
        foreach (var year in all)
        {
            foreach (var other in all.Where(o => o.Year != year.Year))
            {
                Assert.Empty(year.DaysOff.Intersect(other.DaysOff));
            }
        }
    }

    [Fact]
    public void Each_notice_is_issued_in_the_year_before_the_year_it_arranges()
    {
        foreach (var year in AllYears())
        {
            var source = year.Source;
            Assert.NotNull(source);
            Assert.Equal($"国务院办公厅关于{year.Year}年部分节假日安排的通知", source.Title);
            Assert.Equal(year.Year - 1, source.Issued?.Year);
            Assert.StartsWith($"国办发明电〔{year.Year - 1}〕", source.DocumentNumber);
            Assert.Equal("www.gov.cn", source.Url?.Host);
        }
    }

    [Fact]
    public void A_deadline_counted_across_the_2025_Spring_Festival_uses_its_make_up_Sunday_and_Saturday()
    {
        // Fri 24 Jan + 5 working days: Sun 26 (make-up), Mon 27, then 28 Jan–4 Feb off, Wed 5, Thu 6, Fri 7 Feb.
        Assert.Equal(D("2025-02-07"), Calendar.AddWorkingDays(D("2025-01-24"), 5));
        // Sat 8 Feb is a make-up working day, so the next working day after Fri 7 Feb is that Saturday.
        Assert.Equal(D("2025-02-08"), Calendar.WorkingDayAfter(D("2025-02-07")));
    }

    [Fact]
    public void The_2023_New_Year_holiday_from_the_2023_file_moves_a_deadline_of_late_2022()
    {
        // Fri 30 Dec 2022: Sat 31 Dec–Mon 2 Jan are the 2023 notice's 元旦, so the next working day is Tue 3 Jan.
        Assert.Equal(D("2023-01-03"), Calendar.WorkingDayAfter(D("2022-12-30")));
    }

    private static IEnumerable<CalendarYear> AllYears() => Calendar.Years.Order().Select(y => Calendar.Arrangement(y)!);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The statutory day of a holiday in a year: fixed Gregorian dates, lunar dates from .NET's Chinese lunisolar
    /// calendar (independent of the files), and 清明 — a solar term on 4 or 5 April — from the almanac.
    /// </summary>
    private static DateOnly FestivalDate(string festival, int year) => festival switch
    {
        "元旦" => new DateOnly(year, 1, 1),
        "劳动节" => new DateOnly(year, 5, 1),
        "国庆节" => new DateOnly(year, 10, 1),
        "春节" => Lunar(year, 1, 1),
        "端午节" => Lunar(year, 5, 5),
        "中秋节" => Lunar(year, 8, 15),
        "清明节" => year switch
        {
            2022 => new DateOnly(2022, 4, 5),
            2023 => new DateOnly(2023, 4, 5),
            2024 => new DateOnly(2024, 4, 4),
            2025 => new DateOnly(2025, 4, 4),
            2026 => new DateOnly(2026, 4, 5),
            _ => throw new InvalidOperationException($"No 清明 date known here for {year}: add it from the almanac."),
        },
        _ => throw new InvalidOperationException($"\"{festival}\" is not one of the statutory holidays."),
    };

    private static DateOnly Lunar(int year, int month, int day)
    {
        var lunar = new ChineseLunisolarCalendar();
        // In a year with a leap month the months after it move up one place (闰二月 is the third month).
        var leap = lunar.GetLeapMonth(year);
        var index = leap != 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
