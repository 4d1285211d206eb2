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
/// file falls back to weekends only; <see cref="HasArrangement"/> says so and a warning is logged once.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<int, CalendarYear> years = [];
    private readonly HashSet<DateOnly> daysOff = [];
    private readonly HashSet<DateOnly> extraWorkingDays = [];
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, bool> warnedYears = new();

    public WorkingDayCalendar(IEnumerable<CalendarYear> years, ILogger? logger = null)
    {
        foreach (var year in years)
        {
            if (!this.years.TryAdd(year.Year, year))
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
    public IReadOnlyCollection<int> Years => years.Keys;

    /// <summary>False when the year has no file and only weekends count as days off.</summary>
    public bool HasArrangement(int year) => years.ContainsKey(year);

    /// <summary>The year's arrangement as its file states it (holidays by name, the notice it follows), or null.</summary>
    public CalendarYear? Arrangement(int year) => years.GetValueOrDefault(year);

    public bool IsWorkingDay(DateOnly date)
    {
        if (!years.ContainsKey(date.Year) && warnedYears.TryAdd(date.Year, true))
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

        return new CalendarYear(file.Year, off, extra)
        {
            Holidays = [.. (file.DaysOff ?? []).Select(r => new CalendarHoliday(r.Name, r.First, r.Last))],
            Source = ReadSource(path, file.Source),
        };
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
