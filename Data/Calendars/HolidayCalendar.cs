using GuidanceBot.Data.Common;

namespace GuidanceBot.Data.Calendars;

/// <summary>Where a year's stored arrangement came from.</summary>
public enum CalendarOrigin
{
    /// <summary>Seeded from the shipped file (<c>Seed/calendars/&lt;year&gt;.json</c>); a newer shipped file replaces it.</summary>
    Shipped,

    /// <summary>Entered or corrected by the city admin (API or card): kept over the shipped file from then on.</summary>
    Entered,
}

/// <summary>
/// One year's holiday and make-up working-day arrangement (节假日安排) as the State Council General Office's notice
/// sets it, stored so the city admin can enter next year's or correct one without a release. The working-day
/// calendar (<see cref="Rules.WorkingDayCalendar"/>) is an in-memory snapshot of these rows.
/// </summary>
public class HolidayCalendar : IVersioned
{
    public int Id { get; set; }
    public int Year { get; set; }
    public CalendarOrigin Origin { get; set; }

    public string SourceTitle { get; set; } = "";
    public string? SourceDocumentNumber { get; set; }
    public DateOnly? SourceIssued { get; set; }
    public string? SourceUrl { get; set; }

    public List<HolidayCalendarDayOff> DaysOff { get; set; } = [];
    public List<HolidayCalendarWorkingDay> ExtraWorkingDays { get; set; } = [];

    public DateTime UpdatedUtc { get; set; }
    /// <summary>Who entered it; null for a shipped year.</summary>
    public int? UpdatedById { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A run of days off as the notice names it (元旦 2022-12-31 to 2023-01-02): may begin in the December before.</summary>
public class HolidayCalendarDayOff
{
    public string Name { get; set; } = "";
    public DateOnly First { get; set; }
    public DateOnly Last { get; set; }
}

/// <summary>A weekend day that is a working day (调休上班).</summary>
public class HolidayCalendarWorkingDay
{
    public DateOnly Date { get; set; }
}
