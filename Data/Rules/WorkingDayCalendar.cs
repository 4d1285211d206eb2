using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuidanceBot.Data.Rules;

/// <summary>One year's arrangement: days off beyond weekends and weekend days that are working days (调休).</summary>
public sealed record CalendarYear(int Year, IReadOnlySet<DateOnly> DaysOff, IReadOnlySet<DateOnly> ExtraWorkingDays);

/// <summary>
/// Working days: Monday–Friday, minus the year's days off, plus its make-up working days. A year with no
/// file falls back to weekends only; <see cref="HasArrangement"/> says so and a warning is logged once.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<int> years;
    private readonly HashSet<DateOnly> daysOff = [];
    private readonly HashSet<DateOnly> extraWorkingDays = [];
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, bool> warnedYears = new();

    public WorkingDayCalendar(IEnumerable<CalendarYear> years, ILogger? logger = null)
    {
        this.years = [];
        foreach (var year in years)
        {
            if (!this.years.Add(year.Year))
            {
                throw new InvalidDataException($"More than one calendar for {year.Year}.");
            }
            // A holiday may start in one year's file and end in the next (元旦 from 31 December).
            daysOff.UnionWith(year.DaysOff);
            extraWorkingDays.UnionWith(year.ExtraWorkingDays);
        }

        var both = daysOff.Intersect(extraWorkingDays).Order().FirstOrDefault();
        if (both != default)
        {
            throw new InvalidDataException($"{both:yyyy-MM-dd} is both a day off and a working day in the calendar files.");
        }
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Years that have a holiday file.</summary>
    public IReadOnlyCollection<int> Years => years;

    /// <summary>False when the year has no file and only weekends count as days off.</summary>
    public bool HasArrangement(int year) => years.Contains(year);

    public bool IsWorkingDay(DateOnly date)
    {
        if (!years.Contains(date.Year) && warnedYears.TryAdd(date.Year, true))
        {
            logger.LogWarning("No working-day calendar for {Year}: only weekends count as days off", date.Year);
        }

        if (extraWorkingDays.Contains(date))
        {
            return true;
        }
        return !IsWeekend(date) && !daysOff.Contains(date);
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

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

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

        if (file is null || file.Year < 2000)
        {
            throw new InvalidDataException($"Calendar file {path} has no valid \"year\".");
        }

        var off = new HashSet<DateOnly>();
        foreach (var range in file.DaysOff ?? [])
        {
            if (range.Last < range.First)
            {
                throw new InvalidDataException($"Calendar file {path}: \"{range.Name}\" ends before it starts.");
            }
            for (var d = range.First; d <= range.Last; d = d.AddDays(1))
            {
                off.Add(d);
            }
        }
        var extra = new HashSet<DateOnly>(file.ExtraWorkingDays ?? []);

        var outside = off.Concat(extra).FirstOrDefault(d => Math.Abs(d.Year - file.Year) > 1);
        if (outside != default)
        {
            throw new InvalidDataException($"Calendar file {path} for {file.Year} lists {outside:yyyy-MM-dd}, which is far from that year.");
        }
        var both = off.Intersect(extra).FirstOrDefault();
        if (both != default)
        {
            throw new InvalidDataException($"Calendar file {path} lists {both:yyyy-MM-dd} as both a day off and a working day.");
        }

        return new CalendarYear(file.Year, off, extra);
    }

    private sealed record CalendarFile(int Year, List<DayOffRange>? DaysOff, List<DateOnly>? ExtraWorkingDays);
    private sealed record DayOffRange(string? Name, DateOnly First, DateOnly Last);
}
