using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Calendars;

/// <summary>The limits of a year's calendar as a person enters it (API and card alike).</summary>
public static class CalendarLimits
{
    /// <summary>Years a calendar may be entered for: the one year range of every date (<see cref="FieldLimits"/>).</summary>
    public const int MinYear = FieldLimits.MinYear, MaxYear = FieldLimits.MaxYear;

    /// <summary>A notice has 6–7 holidays and up to 8 make-up days; room for corrections, not for a pasted list.</summary>
    public const int MaxDaysOff = 20, MaxExtraWorkingDays = 20;

    /// <summary>No holiday run is longer than a few days (春节 9 in 2026): a longer one is a typing error.</summary>
    public const int MaxRunDays = 15;

    public const int NameMax = 20, TitleMax = 200, DocumentNumberMax = 64;

    /// <summary>
    /// A notice may set days of the December before its year (元旦 from 31 December: 2023's notice), never later
    /// ones: the first day on which this year's days off or make-up days may lie.
    /// </summary>
    public static DateOnly Earliest(int year) => new(year - 1, 12, 1);
}
