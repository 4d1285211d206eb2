using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Years;

/// <summary>
/// Where a deadline of one year falls in another when a year is opened from the one before. "The same working
/// day": the same month, and in it the same ordinal working day counted from the month's start (the 3rd working day
/// of March stays the 3rd) — except that the month's last working day stays the last (a 月底 deadline stays at the
/// month's end). A month with fewer working days gives its last. A date that is not a working day counts as the
/// working day after it, within its month (else the month's last working day).
/// </summary>
public static class SameWorkingDay
{
    public static DateOnly Move(DateOnly date, int toYear, WorkingDayCalendar calendar)
    {
        var (ordinal, last) = Position(date, calendar);
        var days = WorkingDaysOf(toYear, date.Month, calendar);
        if (days.Count == 0)
        {
            return new DateOnly(toYear, date.Month, 1); // a month without a working day: none exists
        }
        return last || ordinal > days.Count ? days[^1] : days[ordinal - 1];
    }

    /// <summary>The date's ordinal among its month's working days (1-based), and whether it is the month's last.</summary>
    public static (int Ordinal, bool Last) Position(DateOnly date, WorkingDayCalendar calendar)
    {
        var days = WorkingDaysOf(date.Year, date.Month, calendar);
        var index = days.FindIndex(d => d >= date);
        return index < 0 ? (days.Count, true) : (index + 1, index == days.Count - 1);
    }

    private static List<DateOnly> WorkingDaysOf(int year, int month, WorkingDayCalendar calendar)
    {
        var list = new List<DateOnly>();
        for (var d = new DateOnly(year, month, 1); d.Month == month; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                list.Add(d);
            }
        }
        return list;
    }
}
