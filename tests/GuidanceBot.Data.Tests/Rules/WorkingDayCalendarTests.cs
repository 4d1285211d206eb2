using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Seed;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Data.Tests.Rules;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar =
        WorkingDayCalendar.LoadFromFolder(Path.Combine(DatabaseInitializer.ShippedSeedFolder, "calendars"));

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Spring_Festival_2022_days_off_and_the_make_up_weekend()
    {
        Assert.True(Calendar.IsWorkingDay(D(2022, 1, 29)));  // Saturday, make-up working day
        Assert.True(Calendar.IsWorkingDay(D(2022, 1, 30)));  // Sunday, make-up working day
        Assert.False(Calendar.IsWorkingDay(D(2022, 1, 31))); // Monday, holiday
        Assert.False(Calendar.IsWorkingDay(D(2022, 2, 4)));  // Friday, holiday
        Assert.True(Calendar.IsWorkingDay(D(2022, 2, 7)));
        Assert.False(Calendar.IsWorkingDay(D(2022, 2, 12))); // an ordinary Saturday
    }

    [Fact]
    public void A_deadline_five_working_days_after_28_January_crosses_the_Spring_Festival()
    {
        // Sat 29 and Sun 30 Jan count, 31 Jan–6 Feb do not: 7, 8, 9 Feb are days 3–5.
        Assert.Equal(D(2022, 2, 9), Calendar.AddWorkingDays(D(2022, 1, 28), 5));
        Assert.Equal(5, Calendar.WorkingDaysBetween(D(2022, 1, 28), D(2022, 2, 9)));
        Assert.Equal(-5, Calendar.WorkingDaysBetween(D(2022, 2, 9), D(2022, 1, 28)));
    }

    [Fact]
    public void Working_days_before_a_date_count_back_over_the_holiday_to_the_make_up_Sunday()
    {
        Assert.Equal(D(2022, 1, 30), Calendar.AddWorkingDays(D(2022, 2, 7), -1));
        Assert.Equal(D(2022, 1, 28), Calendar.AddWorkingDays(D(2022, 2, 7), -3));
        Assert.Equal(D(2022, 2, 7), Calendar.AddWorkingDays(D(2022, 2, 7), 0));
    }

    [Fact]
    public void National_Day_with_the_8_and_9_October_make_up_days()
    {
        Assert.Equal(D(2022, 10, 8), Calendar.WorkingDayOnOrAfter(D(2022, 10, 1)));
        Assert.Equal(D(2022, 10, 8), Calendar.WorkingDayAfter(D(2022, 9, 30)));
        Assert.Equal(D(2022, 10, 9), Calendar.WorkingDayAfter(D(2022, 10, 8)));
        Assert.Equal(D(2022, 10, 10), Calendar.AddWorkingDays(D(2022, 9, 30), 3));
        Assert.Equal(D(2022, 9, 30), Calendar.WorkingDayOnOrAfter(D(2022, 9, 30)));
    }

    [Fact]
    public void A_year_without_a_file_counts_weekends_only_and_says_so_once()
    {
        // Only the 2022 file: 2023 then has none (the shipped folder has 2023 too).
        var logger = new ListLogger();
        var calendar = new WorkingDayCalendar(
            [WorkingDayCalendar.ParseFile(Path.Combine(DatabaseInitializer.ShippedSeedFolder, "calendars", "2022.json"))], logger);

        Assert.True(calendar.HasArrangement(2022));
        Assert.False(calendar.HasArrangement(2023));
        Assert.True(calendar.IsWorkingDay(D(2023, 1, 23)));  // a Monday; the real Spring Festival is unknown here
        Assert.False(calendar.IsWorkingDay(D(2023, 1, 28))); // Saturday
        Assert.True(calendar.IsWorkingDay(D(2023, 1, 24)));
        Assert.Single(logger.Messages, m => m.Contains("2023"));
    }

    [Fact]
    public void A_holiday_that_starts_in_the_previous_year_is_honoured_across_files()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "2023.json"), """
            { "year": 2023, "daysOff": [ { "name": "元旦", "first": "2022-12-31", "last": "2023-01-02" } ], "extraWorkingDays": [] }
            """);

        var calendar = WorkingDayCalendar.LoadFromFolder(folder.Path);

        Assert.False(calendar.IsWorkingDay(D(2023, 1, 2)));
        Assert.Equal(D(2023, 1, 3), calendar.WorkingDayOnOrAfter(D(2022, 12, 31)));
    }

    [Fact]
    public void A_file_that_lists_a_day_as_both_off_and_working_stops_the_load_with_its_name()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "2024.json"), """
            { "year": 2024, "daysOff": [ { "name": "国庆节", "first": "2024-10-01", "last": "2024-10-07" } ], "extraWorkingDays": [ "2024-10-05" ] }
            """);

        var ex = Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.LoadFromFolder(folder.Path));
        Assert.Contains("2024.json", ex.Message);
        Assert.Contains("2024-10-05", ex.Message);
    }

    [Fact]
    public void Broken_json_names_the_file()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "2025.json"), "{ \"year\": 2025, \"daysOff\": [ ");

        var ex = Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.LoadFromFolder(folder.Path));
        Assert.Contains("2025.json", ex.Message);
    }

    [Fact]
    public void A_file_without_a_source_loads_and_names_no_notice()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "2030.json"), """
            { "year": 2030, "daysOff": [ { "name": "国庆节", "first": "2030-10-01", "last": "2030-10-07" } ], "extraWorkingDays": [] }
            """);

        var year = WorkingDayCalendar.LoadFromFolder(folder.Path).Arrangement(2030);

        Assert.NotNull(year);
        Assert.Null(year.Source);
        Assert.Equal(new CalendarHoliday("国庆节", D(2030, 10, 1), D(2030, 10, 7)), Assert.Single(year.Holidays));
    }

    [Theory]
    [InlineData("""{ "documentNumber": "国办发明电〔2029〕1号" }""", "title")]
    [InlineData("""{ "title": "国务院办公厅关于2030年部分节假日安排的通知", "url": "gov.cn/notice" }""", "url")]
    [InlineData("""{ "title": "国务院办公厅关于2030年部分节假日安排的通知", "url": "javascript:alert(1)" }""", "url")]
    public void A_source_without_a_title_or_with_a_url_that_is_no_web_address_stops_the_load_with_the_file_s_name(string source, string field)
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "2030.json"),
            $$"""{ "year": 2030, "source": {{source}}, "daysOff": [], "extraWorkingDays": [] }""");

        var ex = Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.LoadFromFolder(folder.Path));
        Assert.Contains("2030.json", ex.Message);
        Assert.Contains($"\"{field}\"", ex.Message);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "guidancebot-cal-" + Guid.NewGuid().ToString("N"));

        public TempFolder() => Directory.CreateDirectory(Path);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
