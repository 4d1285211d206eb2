using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuidanceBot.Data.Rules;

/// <summary>One year's arrangement: days off beyond weekends and weekend days that are working days (调休).</summary>
public sealed record CalendarYear(int Year, IReadOnlySet<DateOnly> DaysOff, IReadOnlySet<DateOnly> ExtraWorkingDays)
{
    /// <summary>The named runs of days off as the notice states them (元旦: 2022-12-31 to 2023-01-02).</summary>
    public IReadOnlyList<CalendarHoliday> Holidays { get; init; } = [];

    /// <summary>The notice the arrangement follows; null when the file names none.</summary>
    public CalendarSource? Source { get; init; }
}

/// <summary>One holiday of the notice (中秋节、国庆节 when it joins two) and its days off, first to last.</summary>
public sealed record CalendarHoliday(string? Name, DateOnly First, DateOnly Last);

/// <summary>
/// The official notice a year follows, e.g. 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号,
/// issued 2024-11-12, so a card can say which notice its working days come from.
/// </summary>
public sealed record CalendarSource(string Title, string? DocumentNumber, DateOnly? Issued, Uri? Url);

/// <summary>
/// Working days: Monday–Friday, minus the year's days off, plus its make-up working days. A year with no
/// arrangement falls back to weekends only; <see cref="HasArrangement"/> says so and a warning is logged once.
/// Read on hot paths (nudge planning, due dates), so it is an immutable in-memory snapshot; saving a year's calendar
/// (<c>Data/Calendars/CalendarWorkflow</c>) swaps in a new one with <see cref="Replace"/>, so a change counts at once.
/// </summary>
public sealed class WorkingDayCalendar
{
    private volatile Snapshot snapshot;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, bool> warnedYears = new();

    public WorkingDayCalendar(IEnumerable<CalendarYear> years, ILogger? logger = null)
    {
        snapshot = Snapshot.Of(years);
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Takes the given years as the whole calendar from now on (the database's rows after a save or at start). Checked
    /// first, as at start: a day both off and working across years leaves the calendar as it was and throws.
    /// </summary>
    public void Replace(IEnumerable<CalendarYear> years)
    {
        snapshot = Snapshot.Of(years);
        warnedYears.Clear();
    }

    /// <summary>The years, the union of their days off and of their make-up days: built once, never changed.</summary>
    private sealed record Snapshot(IReadOnlyDictionary<int, CalendarYear> Years, HashSet<DateOnly> DaysOff, HashSet<DateOnly> ExtraWorkingDays)
    {
        public static Snapshot Of(IEnumerable<CalendarYear> years)
        {
            var byYear = new Dictionary<int, CalendarYear>();
            var daysOff = new HashSet<DateOnly>();
            var extra = new HashSet<DateOnly>();
            foreach (var year in years)
            {
                if (!byYear.TryAdd(year.Year, year))
                {
                    throw new InvalidDataException($"More than one calendar for {year.Year}.");
                }
                // A holiday may start in one year's arrangement and end in the next (元旦 from 31 December).
                daysOff.UnionWith(year.DaysOff);
                extra.UnionWith(year.ExtraWorkingDays);
            }

            var both = daysOff.Intersect(extra).Order().FirstOrDefault();
            if (both != default)
            {
                throw new InvalidDataException($"{both:yyyy-MM-dd} is both a day off and a working day in the calendar.");
            }
            return new(byYear, daysOff, extra);
        }
    }

    /// <summary>Years that have an arrangement.</summary>
    public IReadOnlyCollection<int> Years => [.. snapshot.Years.Keys];

    /// <summary>False when the year has no arrangement and only weekends count as days off.</summary>
    public bool HasArrangement(int year) => snapshot.Years.ContainsKey(year);

    /// <summary>The year's arrangement (holidays by name, the notice it follows), or null.</summary>
    public CalendarYear? Arrangement(int year) => snapshot.Years.GetValueOrDefault(year);

    public bool IsWorkingDay(DateOnly date)
    {
        var now = snapshot; // one snapshot for the whole answer, even if a save swaps it meanwhile
        if (!now.Years.ContainsKey(date.Year) && warnedYears.TryAdd(date.Year, true))
        {
            logger.LogWarning("No working-day calendar for {Year}: only weekends count as days off", date.Year);
        }

        if (now.ExtraWorkingDays.Contains(date))
        {
            return true;
        }
        return !IsWeekend(date) && !now.DaysOff.Contains(date);
    }

    /// <summary>The date itself when it is a working day, else the next working day.</summary>
    public DateOnly WorkingDayOnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }
        return date;
    }

    /// <summary>The first working day strictly after the date.</summary>
    public DateOnly WorkingDayAfter(DateOnly date) => WorkingDayOnOrAfter(date.AddDays(1));

    /// <summary>
    /// "N working days after": the n-th working day after <paramref name="date"/> (not counting the date).
    /// A negative n gives the n-th working day before it; zero gives the date unchanged.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        var step = Math.Sign(n);
        for (var left = Math.Abs(n); left > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                left--;
            }
        }
        return date;
    }

    /// <summary>Working days in (from, to]: 0 for the same day, negative when <paramref name="to"/> is earlier.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }
        return count;
    }

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>
    /// Reads every <c>*.json</c> in the folder (format of <c>Seed/calendars/2022.json</c>). A file that is
    /// not valid stops the start with a message naming the file, rather than silently miscounting deadlines.
    /// </summary>
    public static WorkingDayCalendar LoadFromFolder(string folder, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var list = new List<CalendarYear>();
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("Calendar folder {Folder} does not exist: only weekends count as days off", folder);
            return new WorkingDayCalendar(list, logger);
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            list.Add(ParseFile(path));
        }

        logger.LogInformation("Working-day calendar loaded for {Years}", string.Join(", ", list.Select(y => y.Year).Order()));
        return new WorkingDayCalendar(list, logger);
    }

    public static CalendarYear ParseFile(string path)
    {
        CalendarFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CalendarFile>(File.ReadAllText(path), Seed.DatabaseInitializer.SeedJson);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Calendar file {path} is not valid JSON: {ex.Message}", ex);
        }

        if (file is null || file.Year is < Calendars.CalendarLimits.MinYear or > Calendars.CalendarLimits.MaxYear)
        {
            throw new InvalidDataException($"Calendar file {path} has no valid \"year\".");
        }

        var holidays = (file.DaysOff ?? []).Select(r => (CalendarHoliday?)new CalendarHoliday(r.Name, r.First, r.Last)).ToList();
        var extraDays = (file.ExtraWorkingDays ?? []).Select(d => (DateOnly?)d).ToList();
        // The rules a person's entry is checked with (Data/Calendars/CalendarWorkflow.Check), in English for the operator.
        if (holidays.Any(h => string.IsNullOrWhiteSpace(h!.Name)))
        {
            throw new InvalidDataException($"Calendar file {path}: a run of days off has no \"name\".");
        }
        if (Calendars.CalendarWorkflow.Check(file.Year, holidays, extraDays, Resources.DomainText.English).FirstOrDefault() is { } broken)
        {
            throw new InvalidDataException($"Calendar file {path}: {broken.Message}");
        }
        var year = Calendars.CalendarWorkflow.Build(file.Year, [.. holidays.OfType<CalendarHoliday>()], extraDays.OfType<DateOnly>(), ReadSource(path, file.Source));
        return year;
    }

    private static CalendarSource? ReadSource(string path, SourceEntry? source)
    {
        if (source is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(source.Title))
        {
            throw new InvalidDataException($"Calendar file {path}: \"source\" has no \"title\".");
        }
        Uri? url = null;
        if (source.Url is not null
            && (!Uri.TryCreate(source.Url, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http")))
        {
            throw new InvalidDataException($"Calendar file {path}: \"source\" has a \"url\" that is not a web address.");
        }
        return new CalendarSource(source.Title.Trim(), source.DocumentNumber?.Trim(), source.Issued, url);
    }

    private sealed record CalendarFile(int Year, List<DayOffRange>? DaysOff, List<DateOnly>? ExtraWorkingDays, SourceEntry? Source);
    private sealed record SourceEntry(string? Title, string? DocumentNumber, DateOnly? Issued, string? Url);
    private sealed record DayOffRange(string? Name, DateOnly First, DateOnly Last);
}
