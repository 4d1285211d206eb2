using System.Globalization;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Data.Calendars;

/// <summary>A stored year as both doors show it: the files' shape, where it came from and when it changed.</summary>
public sealed record CalendarView(CalendarYear Year, CalendarOrigin Origin, DateTime UpdatedUtc, Guid Version);

/// <summary>
/// The calendars' rows and the in-memory working-day calendar made from them. At start the shipped files are seeded
/// (a year not stored yet is added, a shipped year is refreshed from a corrected file, a year the admin entered is kept)
/// and the calendar is loaded from the rows; after a save <see cref="ReloadAsync"/> swaps in a new snapshot.
/// </summary>
public sealed class CalendarStore(WorkingDayCalendar calendar, ILogger<CalendarStore> logger)
{
    /// <summary>The working days every rule reads (a singleton: hot paths read it without a query).</summary>
    public WorkingDayCalendar Calendar => calendar;

    /// <summary>Seeds every file of <paramref name="folder"/> into the rows; how many rows changed.</summary>
    public static async Task<int> SeedAsync(GuidanceDbContext db, string folder, ILogger logger, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var stored = await db.HolidayCalendars.Include(c => c.DaysOff).Include(c => c.ExtraWorkingDays).ToDictionaryAsync(c => c.Year, ct);
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = WorkingDayCalendar.ParseFile(path);
            if (!stored.TryGetValue(file.Year, out var row))
            {
                row = new HolidayCalendar { Year = file.Year, Origin = CalendarOrigin.Shipped, UpdatedUtc = DateTime.UtcNow };
                Fill(row, file);
                db.HolidayCalendars.Add(row);
            }
            else if (row.Origin == CalendarOrigin.Shipped && !Same(ToYear(row), file))
            {
                Fill(row, file); // a release corrected the shipped file
                row.UpdatedUtc = DateTime.UtcNow;
            }
            else if (row.Origin == CalendarOrigin.Entered && !Same(ToYear(row), file))
            {
                logger.LogInformation("The calendar for {Year} entered by the admin is kept over the shipped file {File}", file.Year, Path.GetFileName(path));
            }
        }
        var changes = await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return changes;
    }

    /// <summary>Loads every stored year into the working-day calendar.</summary>
    public async Task ReloadAsync(GuidanceDbContext db, CancellationToken ct)
    {
        var rows = await db.HolidayCalendars.AsNoTracking().Include(c => c.DaysOff).Include(c => c.ExtraWorkingDays).ToListAsync(ct);
        calendar.Replace(rows.Select(ToYear));
        logger.LogInformation("Working-day calendar loaded for {Years}", string.Join(", ", rows.Select(r => r.Year).Order()));
    }

    public static async Task<CalendarView?> FindAsync(GuidanceDbContext db, int year, CancellationToken ct) =>
        await db.HolidayCalendars.AsNoTracking().Include(c => c.DaysOff).Include(c => c.ExtraWorkingDays)
            .Where(c => c.Year == year).Select(c => c).FirstOrDefaultAsync(ct) is { } row
            ? new CalendarView(ToYear(row), row.Origin, row.UpdatedUtc, row.Version)
            : null;

    public static async Task<IReadOnlyList<CalendarView>> ListAsync(GuidanceDbContext db, CancellationToken ct) =>
        [.. (await db.HolidayCalendars.AsNoTracking().Include(c => c.DaysOff).Include(c => c.ExtraWorkingDays).OrderBy(c => c.Year).ToListAsync(ct))
            .Select(row => new CalendarView(ToYear(row), row.Origin, row.UpdatedUtc, row.Version))];

    internal static CalendarYear ToYear(HolidayCalendar row)
    {
        var holidays = row.DaysOff.OrderBy(d => d.First).Select(d => new CalendarHoliday(d.Name, d.First, d.Last)).ToList();
        var source = row.SourceTitle.Length == 0 ? null : new CalendarSource(row.SourceTitle, row.SourceDocumentNumber, row.SourceIssued,
            row.SourceUrl is null ? null : new Uri(row.SourceUrl));
        return CalendarWorkflow.Build(row.Year, holidays, row.ExtraWorkingDays.Select(d => d.Date).Order(), source);
    }

    internal static void Fill(HolidayCalendar row, CalendarYear year)
    {
        row.SourceTitle = year.Source?.Title ?? "";
        row.SourceDocumentNumber = year.Source?.DocumentNumber;
        row.SourceIssued = year.Source?.Issued;
        row.SourceUrl = year.Source?.Url?.ToString();
        row.DaysOff.Clear();
        row.DaysOff.AddRange(year.Holidays.Select(h => new HolidayCalendarDayOff { Name = h.Name ?? "", First = h.First, Last = h.Last }));
        row.ExtraWorkingDays.Clear();
        row.ExtraWorkingDays.AddRange(year.ExtraWorkingDays.Order().Select(d => new HolidayCalendarWorkingDay { Date = d }));
    }

    private static bool Same(CalendarYear a, CalendarYear b) =>
        a.Source == b.Source
        && a.Holidays.OrderBy(h => h.First).SequenceEqual(b.Holidays.OrderBy(h => h.First))
        && a.ExtraWorkingDays.SetEquals(b.ExtraWorkingDays);

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
